#!/usr/bin/env bash
# Writes target/quarkus-app/gateway.jsa: a class-data archive (AppCDS) of the classes the gateway
# loads while starting, from one training run of the packaged jar on a scratch data folder. A JVM
# started with config/jvm.options maps it instead of loading and verifying those classes again,
# which takes about 0.7 s off the start on a 2-core machine (BENCHMARKS.md).
# Run it after every `mvn package`: the archive belongs to that jar and to the JDK that wrote it
# (a stale one is refused by the JVM with a warning, and the gateway starts without it).
set -euo pipefail
cd "$(dirname "$0")/.."

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

archive=target/quarkus-app/gateway.jsa
scratch=$(mktemp -d)
http_port=$(free_port)
rm -f "$archive"
GATEWAY_DATA_DIR="$scratch" QUARKUS_HTTP_PORT="$http_port" GATEWAY_BROKER_PORT="$(free_port)" \
  GATEWAY_SOURCES_POLICE_ENABLED=false \
  java -XX:ArchiveClassesAtExit="$archive" -jar target/quarkus-app/quarkus-run.jar >"$scratch/training.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$http_port/q/health/ready" >/dev/null; then
    break
  fi
  kill -0 "$pid" 2>/dev/null || { cat "$scratch/training.log"; exit 1; }
  sleep 0.2
done
kill -TERM "$pid"
wait "$pid" || true
rm -rf "$scratch"
[[ -s "$archive" ]] || { echo "no archive written" >&2; exit 1; }
echo "wrote $archive ($(du -h "$archive" | cut -f1))"

#!/usr/bin/env bash
# Writes the JVM's ahead-of-time cache of the gateway, app.aot beside quarkus-run.jar, from one
# training start of the packaged jar on a scratch data folder (Java 25: JEP 483, 514, 515). The
# cache holds the classes the gateway loads while starting, already parsed, verified and linked,
# and the method profiles of that start; a JVM started with -XX:AOTCache=.../app.aot maps it
# instead of doing that work again (BENCHMARKS.md: what it takes off the start).
#
#   scripts/aot-cache.sh                         # target/quarkus-app, the options of config/jvm.options
#   scripts/aot-cache.sh DIR [JVM OPTIONS...]    # another packaged app folder (the image build)
#
# Run it after every `mvn package`: the cache belongs to that jar, to the JDK that wrote it and to
# the JVM options it was trained with. A stale or missing one is refused by the JVM with an error
# message, and the gateway starts without it. Uses the `java` on the PATH, which must be Java 25 or later.
set -euo pipefail
cd "$(dirname "$0")/.."

app_dir=${1:-target/quarkus-app}
shift || true
if (($# == 0)); then
  # The README's options, but for the cache they name: it is being written, not read.
  mapfile -t options < <(grep -v -e '^-XX:AOTCache=' -e '^#' -e '^$' config/jvm.options)
  set -- "${options[@]}"
fi

source scripts/require-java-25.sh

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# The readiness check over bash's own /dev/tcp, on the management interface's port: the image this
# also runs in has no curl.
ready() {
  local status
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET /q/health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
  read -r -t 5 _ status _ <&3 || status=
  exec 3<&-
  [[ "$status" == 200 ]]
}

cache=$app_dir/app.aot
scratch=$(mktemp -d)
http_port=$(free_port)
management_port=$(free_port)
rm -f "$cache"
# The training start runs the local profile: the default prod profile refuses the development
# credentials, and a training start needs no secrets of its own.
GATEWAY_DATA_DIR="$scratch" QUARKUS_HTTP_PORT="$http_port" QUARKUS_MANAGEMENT_PORT="$management_port" \
  GATEWAY_BROKER_PORT="$(free_port)" \
  GATEWAY_SOURCES_POLICE_ENABLED=false \
  java -Dquarkus.profile=local "$@" -XX:AOTCacheOutput="$cache" -jar "$app_dir/quarkus-run.jar" >"$scratch/training.log" 2>&1 &
pid=$!
started=no
for _ in $(seq 1 600); do
  if ready "$management_port" 2>/dev/null; then
    started=yes
    break
  fi
  kill -0 "$pid" 2>/dev/null || { cat "$scratch/training.log"; exit 1; }
  sleep 0.2
done
if [[ $started != yes ]]; then
  kill -KILL "$pid" 2>/dev/null || true
  cat "$scratch/training.log"
  echo "the training start was not ready within 120 s: no cache written" >&2
  exit 1
fi
# The cache is written as the training JVM exits (a second JVM assembles it from what was recorded).
kill -TERM "$pid"
wait "$pid" || true
[[ -s "$cache" ]] || { cat "$scratch/training.log"; echo "no cache written" >&2; exit 1; }
rm -rf "$scratch"
echo "wrote $cache ($(du -h "$cache" | cut -f1))"

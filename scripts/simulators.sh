#!/usr/bin/env bash
# Starts the simulators of the four systems' APIs (WireMock with the stubs in mappings/) on
# 127.0.0.1:8089, where the gateway's default configuration sends feedback and polls the police
# platform. Runs in the foreground: stop it with Ctrl-C. Start it before the gateway, or feedback
# waits in the outbox (health check 'feedback') until it is up.
#   scripts/simulators.sh                 # port 8089
#   SIMULATORS_PORT=9089 scripts/simulators.sh --verbose   # other WireMock options pass through
# The WireMock jar comes from Maven Central through the build (./mvnw package puts it in
# target/simulators/); when it is missing this script has Maven copy it there.
# Not needed with ./mvnw quarkus:dev, which starts the same simulators itself.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/simulators/wiremock-standalone.jar
if [[ ! -f $jar ]]; then
  echo "Fetching the WireMock standalone jar (Maven Central, through ./mvnw)..." >&2
  ./mvnw -q -B org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy@simulators
fi
exec java -jar "$jar" --bind-address 127.0.0.1 --port "${SIMULATORS_PORT:-8089}" --root-dir . "$@"

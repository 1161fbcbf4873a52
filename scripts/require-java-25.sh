# Sourced by scripts/aot-cache.sh and bench/run: stops unless the `java` on the PATH can write the
# ahead-of-time cache (Java 25 or later), which config/jvm.options names.
# The probe reads the JVM's flags: a cache output of its own would be written by the probe.
if ! java -XX:+PrintFlagsFinal -version 2>/dev/null | grep -cw AOTCacheOutput >/dev/null; then
  echo "the gateway's start needs Java 25 or later on the PATH; found: $(java -version 2>&1 | head -n 1)" >&2
  exit 1
fi

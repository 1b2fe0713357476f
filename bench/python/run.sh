#!/usr/bin/env bash
# Runs the Python endpoint benchmark in-process with the JVM flags of ./mxcp (the Graal JIT on), after
# building the distribution if needed. Usage: bench/python/run.sh [CALLS]   (default 20000 per latency row)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. bin/jdk.sh
dist="$root/host/target/dist"
[ -d "$dist/lib" ] || bin/mvn -B -q -DskipTests package
mxcp_jvm_flags "$dist" jit
exec "$MXCP_JAVA" "${MXCP_JVM_FLAGS[@]}" \
    -Dpolyglot.engine.TraceCompilation=true \
    bench/java/GuestBench.java python "${1:-20000}" bench/python/project

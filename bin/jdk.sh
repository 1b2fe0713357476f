# Sourced by ./mxcp and bin/mvn: exports JAVA_HOME pointing at a JDK >= 25, or exits with what to install.
# Order: $JAVA_HOME if it is new enough, then JDKs under /usr/lib/jvm (Temurin first), then `java` on PATH.

mxcp_java_major() {
    # Prints the feature version of the JDK at $1 (e.g. 25), or nothing.
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

mxcp_find_jdk() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/temurin-2[6-9]* /usr/lib/jvm/*; do
        [ -n "$candidate" ] || continue
        major=$(mxcp_java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then
            echo "$candidate"
            return 0
        fi
    done
    if command -v javac >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
        major=$(mxcp_java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then
            echo "$candidate"
            return 0
        fi
    fi
    return 1
}

if ! MXCP_JDK=$(mxcp_find_jdk); then
    echo "mxcp: needs a JDK 25 or newer; none found in JAVA_HOME, /usr/lib/jvm or on PATH." >&2
    echo "mxcp: install one (e.g. 'apt-get install temurin-25-jdk' from Adoptium) or set JAVA_HOME." >&2
    exit 1
fi
export JAVA_HOME="$MXCP_JDK"

# The JVM flags of every mxcp process, for the distribution in $1: native access (DuckDB, Truffle) without
# JDK 25's warnings, and the Graal JIT for Python and JavaScript guests (compiler jars on the upgrade path).
# Sets the array MXCP_JVM_FLAGS; the launcher and the benchmarks use the same flags this way.
mxcp_jvm_flags() {
    MXCP_JVM_FLAGS=(
        --enable-native-access=ALL-UNNAMED
        --sun-misc-unsafe-memory-access=allow
        -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI
        "--upgrade-module-path=$1/jvmci"
    )
}

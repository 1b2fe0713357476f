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

# The JVM flags of an mxcp process for the distribution in $1, in launch mode $2 (sets the array
# MXCP_JVM_FLAGS, classpath included, and MXCP_JAVA, the java to run; the launcher and the benchmarks share
# them this way):
#   jit     the Graal JIT for Python and JavaScript guests: for serving guest code. Its jars replace the JDK's
#           own Graal module (which lacks Truffle's compiler). On the upgrade module path that would turn the
#           JDK's class cache off, so the launcher makes a runtime without that module once (mxcp_jit_runtime),
#           where the jars go on the plain module path and a startup cache of its own works; without that
#           runtime, the upgrade module path.
#   server  no guest JIT, the startup cache: for serving SQL-only projects
#   tool    as server, plus C1 only (no C2): for one-shot commands, whose guests run briefly
# Native access (DuckDB, Truffle) is granted without JDK 25's warnings in every mode. JVM warnings go to
# stderr, never stdout (stdout carries the MCP protocol under stdio); the cache's own notes are not shown.
mxcp_jvm_flags() {
    MXCP_JVM_FLAGS=(
        --enable-native-access=ALL-UNNAMED
        --sun-misc-unsafe-memory-access=allow
        -Xlog:disable -Xlog:all=warning:stderr -Xlog:aot*=off:stderr
    )
    MXCP_JAVA="$JAVA_HOME/bin/java"
    if [ "$2" = jit ]; then
        MXCP_JVM_FLAGS+=(-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI)
        if [ -x "$1/jit-runtime/bin/java" ]; then
            MXCP_JAVA="$1/jit-runtime/bin/java"
            MXCP_JVM_FLAGS+=("--module-path=$1/jvmci" --add-modules=jdk.graal.compiler -cp "$1/lib/*")
            [ -f "$1/mxcp-jit.aot" ] && MXCP_JVM_FLAGS+=("-XX:AOTCache=$1/mxcp-jit.aot")
        else
            MXCP_JVM_FLAGS+=("--upgrade-module-path=$1/jvmci" -cp "$1/lib/*")
        fi
        return 0
    fi
    # Truffle needs these jars of the JIT's set even when it interprets; the compiler itself stays out.
    local jars
    jars="$(printf ':%s' "$1"/jvmci/{truffle-compiler,collections,word}-*.jar)"
    MXCP_JVM_FLAGS+=(-Dpolyglot.engine.WarnInterpreterOnly=false -cp "$1/lib/*$jars")
    [ -f "$1/mxcp.aot" ] && MXCP_JVM_FLAGS+=("-XX:AOTCache=$1/mxcp.aot")
    [ "$2" = tool ] && MXCP_JVM_FLAGS+=(-XX:TieredStopAtLevel=1)
    [ "$2" = server ] && MXCP_JVM_FLAGS+=(-Dmxcp.guests.interpreted=warn)
    return 0
}

# Makes $1/jit-runtime once per JDK: the JDK's modules without its own Graal compiler, so that the distribution's
# (with Truffle's compiler) can go on the module path. Leaves nothing when jlink fails (the upgrade module path
# then serves instead).
mxcp_jit_runtime() {
    local runtime="$1/jit-runtime" from modules
    from="$JAVA_HOME $(sed -n 's/^JAVA_RUNTIME_VERSION=//p' "$JAVA_HOME/release" 2>/dev/null)"
    [ -x "$runtime/bin/java" ] && [ "$(cat "$runtime/mxcp-jdk" 2>/dev/null)" = "$from" ] && return 0
    rm -rf "$runtime" "$runtime.$$"
    # jdk.jlink and jdk.jpackage cannot be linked from a JDK without packaged modules, and are not needed
    modules="$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//' \
        | grep -v -x -E 'jdk\.graal\.compiler.*|jdk\.jlink|jdk\.jpackage' | paste -sd, -)"
    if "$JAVA_HOME/bin/jlink" --add-modules "$modules" --output "$runtime.$$" >"$1/jit-runtime.log" 2>&1; then
        echo "$from" >"$runtime.$$/mxcp-jdk"
        mv -T "$runtime.$$" "$runtime" 2>/dev/null || rm -rf "$runtime.$$" # another launcher made it meanwhile
    else
        rm -rf "$runtime.$$"
    fi
}

# The launch mode of `mxcp ARGS...` (see mxcp_jvm_flags): the Graal JIT only where it pays for its slower start,
# serving a project that has Python or JavaScript code. MXCP_JIT=on|off overrides the choice.
mxcp_launch_mode() {
    local command="" project="" arg previous=""
    for arg in "$@"; do
        case "$previous" in --project) project="$arg" ;; esac
        case "$arg" in
            --project=*) project="${arg#--project=}" ;;
            -*) ;;
            *) [ -n "$command" ] || [ "$previous" = --project ] || command="$arg" ;;
        esac
        previous="$arg"
    done
    case "${MXCP_JIT:-auto}" in
        on | 1 | true) echo jit; return ;;
        off | 0 | false) [ "$command" = serve ] && echo server || echo tool; return ;;
    esac
    if [ "$command" != serve ]; then
        echo tool
    elif mxcp_has_guest_code "$(mxcp_project_dir "${project:-.}")"; then
        echo jit
    else
        echo server
    fi
}

# The nearest directory holding mxcp-site.yml, from $1 upwards (as the CLI looks for it).
mxcp_project_dir() {
    local dir
    dir="$(cd "$1" 2>/dev/null && pwd)" || return 0
    while [ "$dir" != / ] && [ ! -f "$dir/mxcp-site.yml" ]; do dir="$(dirname "$dir")"; done
    [ ! -f "$dir/mxcp-site.yml" ] || echo "$dir"
}

# Whether the project has Python or JavaScript code: a source file, or an endpoint with inline guest code.
mxcp_has_guest_code() {
    [ -n "$1" ] || return 1
    [ -n "$(find "$1" \( -name node_modules -o -name '.*' -o -name data \) -prune -o -type f \
        \( -name '*.py' -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' \) -print -quit 2>/dev/null)" ] \
        || grep -rqsE --include='*.yml' --include='*.yaml' '^[[:space:]]*language:[[:space:]]*["'"'"']?(python|javascript|js)\b' "$1"
}

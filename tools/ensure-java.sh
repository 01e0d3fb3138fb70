#!/bin/sh
# Make a Java runtime (17 or newer) available for the Spark engine's tests
# (sitrep batch --engine spark runs PySpark, which starts a JVM).
# Idempotent: does nothing when `java` (or $JAVA_HOME/bin/java) is already
# there; otherwise installs Debian's openjdk-17-jre-headless when running as
# root with apt-get. Never fails: without Java the Spark tests are skipped
# (or fail, when CI is set). Prints one line saying what it found or did.

find_java() {
    for exe in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null)"; do
        if [ -n "$exe" ] && [ -x "$exe" ]; then
            echo "$exe"
            return 0
        fi
    done
    return 1
}

if exe=$(find_java); then
    echo "ensure-java: Java found at $exe"
    exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log=$(mktemp)
    # the JRE's post-install scripts expect the man page folders Debian's slim images leave out
    mkdir -p /usr/share/man/man1
    if { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless; } >"$log" 2>&1 \
        && exe=$(find_java); then
        echo "ensure-java: installed Java at $exe"
        rm -f "$log"
        exit 0
    fi
    echo "ensure-java: installing openjdk-17-jre-headless with apt-get failed (log: $log); Spark tests will be skipped"
    exit 0
fi

echo "ensure-java: no Java and cannot install it (needs root and apt-get); Spark tests will be skipped"
exit 0

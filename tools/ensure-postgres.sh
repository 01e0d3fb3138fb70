#!/bin/sh
# Make PostgreSQL's server binaries available for the store's contract tests.
# Idempotent: does nothing when initdb/pg_ctl/postgres are already installed;
# otherwise installs Debian's postgresql package when running as root with
# apt-get. Never fails: without a server the PostgreSQL tests are skipped
# (or fail, when CI is set). Prints one line saying what it found or did.

find_bin() {
    for dir in "${SITREP_PG_BIN:-}" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
            echo "$dir"
            return 0
        fi
    done
    initdb=$(command -v initdb 2>/dev/null) || return 1
    dir=$(dirname "$(readlink -f "$initdb")")
    [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ] && echo "$dir"
}

if dir=$(find_bin); then
    echo "ensure-postgres: PostgreSQL server binaries found in $dir"
    exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log=$(mktemp)
    if { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; } >"$log" 2>&1 \
        && dir=$(find_bin); then
        echo "ensure-postgres: installed PostgreSQL; server binaries in $dir"
        rm -f "$log"
        exit 0
    fi
    echo "ensure-postgres: installing postgresql with apt-get failed (log: $log); PostgreSQL tests will be skipped"
    exit 0
fi

echo "ensure-postgres: no PostgreSQL server binaries and cannot install them (needs root and apt-get); PostgreSQL tests will be skipped"
exit 0

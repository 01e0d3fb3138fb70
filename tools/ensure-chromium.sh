#!/bin/sh
# Make a Chromium browser available for the web UI's browser tests (tests/web).
# Idempotent: does nothing when /usr/bin/chromium (or $SITREP_CHROMIUM) is
# already there; otherwise installs Debian's chromium package when running as
# root with apt-get. Never downloads a browser build of its own (no
# `playwright install`). Never fails: without a browser the browser tests are
# skipped (or fail, when CI is set). Prints one line saying what it found or did.

find_browser() {
    for exe in "${SITREP_CHROMIUM:-}" /usr/bin/chromium; do
        if [ -n "$exe" ] && [ -x "$exe" ]; then
            echo "$exe"
            return 0
        fi
    done
    return 1
}

if exe=$(find_browser); then
    echo "ensure-chromium: Chromium found at $exe"
    exit 0
fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log=$(mktemp)
    if { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; } >"$log" 2>&1 \
        && exe=$(find_browser); then
        echo "ensure-chromium: installed Chromium at $exe"
        rm -f "$log"
        exit 0
    fi
    echo "ensure-chromium: installing chromium with apt-get failed (log: $log); browser tests will be skipped"
    exit 0
fi

echo "ensure-chromium: no Chromium at /usr/bin/chromium and cannot install it (needs root and apt-get); browser tests will be skipped"
exit 0

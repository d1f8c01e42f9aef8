#!/usr/bin/env bash
# Screenshots of the program's pages for the docs, from a running demo:
#
#   java -jar target/bouncewatch.jar demo --http-port 18090 --embedded-kafka-port 0 --data-dir /tmp/demo
#   docs/screenshots/take.sh http://localhost:18090 TOKEN [MAILBOX]   # the token the banner prints
#
# writes docs/screenshots/<view>-<width>.png at 1440 and 1024 px wide, with headless Chromium.
set -euo pipefail

base=${1:?usage: take.sh BASE_URL [TOKEN] [MAILBOX]}
base=${base%/}
token=${2:-}
out=$(cd "$(dirname "$0")" && pwd)
# A profile of its own: no page from another run's cache.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# shot VIEW WIDTH HEIGHT URL: the page once its requests have answered (virtual time runs on while
# none is pending, so its first load has drawn).
shot() {
    timeout 90 chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
        --user-data-dir="$profile" --window-size="$2,$3" --virtual-time-budget=8000 \
        --screenshot="$out/$1-$2.png" "$4" >/dev/null 2>&1
    echo "$out/$1-$2.png"
}

# The first mailbox of a list answer, or nothing.
first_mailbox() {
    curl -fsS "$base/api/mailboxes?$1" | grep -o '"mailbox":"[^"]*"' | head -n 1 | cut -d '"' -f 4
}

# The mailbox page of the mailbox named, else of a paused one (else one at warning, else any), and
# its domain's page.
mailbox=${3:-}
[ -n "$mailbox" ] || mailbox=$(first_mailbox 'status=PAUSED&limit=1')
[ -n "$mailbox" ] || mailbox=$(first_mailbox 'status=WARNING&limit=1')
[ -n "$mailbox" ] || mailbox=$(first_mailbox 'limit=1')
if [ -z "$mailbox" ]; then
    echo "no mailbox known at $base yet: let the demo run a minute first" >&2
    exit 1
fi
domain=${mailbox##*@}
query=${token:+?token=$token}
shot mailbox 1440 1900 "$base/mailboxes/$mailbox$query"
shot mailbox 1024 2700 "$base/mailboxes/$mailbox$query"
shot domain 1440 1450 "$base/domains/$domain$query"
shot domain 1024 1900 "$base/domains/$domain$query"

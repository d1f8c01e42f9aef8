#!/usr/bin/env bash
# Screenshots of the dashboard's views for the docs, taken from a running program (the demo):
#
#   java -jar target/bouncewatch.jar demo --http-port 18080 --embedded-kafka-port 0 --data-dir /tmp/demo
#   docs/screenshots/take.sh http://localhost:18080 TOKEN [MAILBOX]   # TOKEN: printed in the demo's banner
#
# writes docs/screenshots/<view>-<width>.png, 1440 and 1024 px wide, with headless Chromium
# (apt-get install -y chromium) driven by shot.mjs (Node 20 or later). Let the demo run a few
# minutes first: the charts draw its minutes.
set -euo pipefail

base=${1:?usage: take.sh BASE_URL TOKEN [MAILBOX]}
token=${2:?usage: take.sh BASE_URL TOKEN [MAILBOX]}
out=$(cd "$(dirname "$0")" && pwd)

# shot VIEW PATH WIDTH HEIGHT READY: one view once READY (a CSS selector) shows its data; HEIGHT
# in px or "full" for the whole page.
shot() {
    local file="$out/$1-$3.png"
    timeout 90 node --experimental-websocket "$out/shot.mjs" "$base$2" "$file" "$3" "$4" "$5"
    echo "$file"
}

for width in 1440 1024; do
    shot dashboard "/?token=$token" "$width" full "tr[data-mailbox] td.reason"
done

# The first mailbox of a list answer, or nothing.
first_mailbox() {
    curl -fsS "$base/api/mailboxes?$1" | grep -o '"mailbox":"[^"]*"' | head -n 1 | cut -d '"' -f 4
}

# The page of the mailbox named, else of a paused one (else one at warning, else any), and its
# domain's page.
mailbox=${3:-}
[ -n "$mailbox" ] || mailbox=$(first_mailbox 'status=PAUSED&limit=1')
[ -n "$mailbox" ] || mailbox=$(first_mailbox 'status=WARNING&limit=1')
[ -n "$mailbox" ] || mailbox=$(first_mailbox 'limit=1')
if [ -z "$mailbox" ]; then
    echo "no mailbox known at $base yet: let the demo run a minute first" >&2
    exit 1
fi
for width in 1440 1024; do
    shot mailbox "/mailboxes/$mailbox" "$width" full "#timeline .tl-item"
    shot domain "/domains/${mailbox##*@}" "$width" full "#mailboxes tr[data-mailbox]"
done

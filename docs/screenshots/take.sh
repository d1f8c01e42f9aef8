#!/usr/bin/env bash
# Screenshots of the dashboard's views for the docs, taken from a running program (the demo):
#
#   java -jar target/bouncewatch.jar demo --http-port 18080 --embedded-kafka-port 0 --data-dir /tmp/demo
#   docs/screenshots/take.sh http://localhost:18080 TOKEN     # TOKEN: printed in the demo's banner
#
# writes docs/screenshots/<view>-<width>.png, 1440 and 1024 px wide, with headless Chromium
# (apt-get install -y chromium). Let the demo run a few minutes first: the charts draw its minutes.
set -euo pipefail

base=${1:?usage: take.sh BASE_URL TOKEN}
token=${2:?usage: take.sh BASE_URL TOKEN}
out=$(cd "$(dirname "$0")" && pwd)
chromium=${CHROMIUM:-chromium}

# shot VIEW PATH WIDTH HEIGHT: one view, the page as tall as HEIGHT shows it.
shot() {
    local file="$out/$1-$3.png"
    timeout 60 "$chromium" --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
        --window-size="$3,$4" --timeout=8000 --screenshot="$file" "$base$2" >/dev/null 2>&1
    test -s "$file" || { echo "no screenshot of $1 at $3 px" >&2; exit 1; }
    echo "$file"
}

for width in 1440 1024; do
    shot dashboard "/?token=$token" "$width" 2400
done

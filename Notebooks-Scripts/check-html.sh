#!/usr/bin/env bash
# Opens every report.html and index.html under a reports folder in headless Chromium, saves a
# screenshot of each (to look at), and fails when any page logs a console message (errors,
# uncaught exceptions, failed resource loads). Installs chromium with apt-get when missing.
#   Notebooks-Scripts/check-html.sh [REPORTS_DIR] [SCREENSHOT_DIR]
set -euo pipefail
reports=${1:-reports}
shots=${2:-$(mktemp -d)}
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
  else
    echo "error: chromium is missing; run: sudo apt-get install -y chromium" >&2; exit 1
  fi
fi
mkdir -p "$shots"
status=0
while IFS= read -r -d '' page; do
  name=$(echo "${page#"$reports"/}" | tr '/' '_')
  log=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --enable-logging=stderr --v=0 \
        --window-size=1100,2400 --screenshot="$shots/${name%.html}.png" "file://$(realpath "$page")" 2>&1 || true)
  if echo "$log" | grep -q "CONSOLE"; then
    echo "error: $page logged console messages:" >&2
    echo "$log" | grep "CONSOLE" >&2
    status=1
  elif [ ! -s "$shots/${name%.html}.png" ]; then
    echo "error: $page: no screenshot was taken" >&2
    status=1
  else
    echo "ok: $page -> $shots/${name%.html}.png"
  fi
done < <(find "$reports" -name '*.html' -print0 | sort -z)
exit $status

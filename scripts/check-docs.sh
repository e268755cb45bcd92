#!/usr/bin/env bash
# Loads the mock-server's documentation pages in headless Chromium, as a reader would, and checks that
# each API's page renders every operation of its spec (and the index links every page), for every API of
# `apis.toml` (`cargo xtask apis`).
# Usage: scripts/check-docs.sh [screenshot-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/mock.sh
shots=${1:-}

browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium is not installed (Debian package: chromium)" >&2; exit 1; }
profile=$(mktemp -d)
chrome() {
  "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --virtual-time-budget=20000 "$@" 2>/dev/null
}

mapfile -t apis < <(cargo xtask apis)
start_mock
failed=0
index=$(chrome --dump-dom "$MOCK_URL/docs")
for row in "${apis[@]}"; do
  IFS=$'\t' read -r _ spec mount _ <<<"$row"
  slug=$(cut -d/ -f2 <<<"$mount")
  grep -q "href=\"/docs/$slug/\"" <<<"$index" || { echo "index: no link to /docs/$slug/"; failed=1; }
done

for row in "${apis[@]}"; do
  IFS=$'\t' read -r _ spec mount _ <<<"$row"
  slug=$(cut -d/ -f2 <<<"$mount")
  dom=$(chrome --dump-dom "$MOCK_URL/docs/$slug/")
  mapfile -t ids < <(python3 -c 'import sys,yaml; d=yaml.safe_load(open(sys.argv[1]));
print("\n".join(o["operationId"] for p in d["paths"].values() for o in p.values() if isinstance(o, dict) and "operationId" in o))' "$spec")
  missing=0
  for id in "${ids[@]}"; do
    grep -q ">$id<" <<<"$dom" || { echo "/docs/$slug/: operation $id not rendered"; missing=$((missing + 1)); }
  done
  echo "/docs/$slug/: $(( ${#ids[@]} - missing )) of ${#ids[@]} operations rendered"
  [ "$missing" -eq 0 ] || failed=1
  # An operation opened by its deep link shows its code samples (x-codeSamples), where it has any.
  first=$(python3 -c 'import sys,yaml; d=yaml.safe_load(open(sys.argv[1]))
for p in d["paths"].values():
    for o in p.values():
        if isinstance(o, dict) and o.get("x-codeSamples"):
            from urllib.parse import quote; print(quote((o.get("tags") or ["default"])[0]) + "/" + quote(o["operationId"])); sys.exit()' "$spec")
  if [ -n "$first" ]; then
    opened=$(chrome --dump-dom "$MOCK_URL/docs/$slug/#/$first")
    grep -q "Code samples" <<<"$opened" || { echo "/docs/$slug/#/$first: code samples not shown"; failed=1; }
  fi
  if [ -n "$shots" ]; then
    mkdir -p "$shots"
    chrome --window-size=1280,2000 --screenshot="$shots/docs-$slug.png" "$MOCK_URL/docs/$slug/" >/dev/null || true
  fi
done
exit "$failed"

#!/usr/bin/env bash
# Conformance of the mock-server with the specs, checked by an independent tool: schemathesis fuzzes
# every operation of every API of `apis.toml` (`cargo xtask apis`), bounded in time.
#
# APIs served from their examples are checked in positive mode (valid requests only) for what a mock
# answering from a spec can promise: no server error, the documented content type, a body that fits
# the schema. The stateful reference implementations get every check, less what their service does
# differently by design:
# - XeroChat answers invalid requests and unknown methods with HTTP 200 and an error body, as the real
#   service does, so the checks that they are refused with 4xx/405 do not apply to it;
# - the Bot Open API refuses some schema-valid requests (wrong credentials, a date window the service
#   refuses: documented 400s), so `positive_data_acceptance` is left out for it, and it needs a token.
# Usage: scripts/conformance.sh [seconds per API]   (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/mock.sh
seconds=${1:-60}
command -v st >/dev/null || { echo "schemathesis is not installed (PyPI: schemathesis)" >&2; exit 1; }

mapfile -t apis < <(cargo xtask apis)
start_mock
common=(--max-time "$seconds" --request-timeout 10 --no-color)

for row in "${apis[@]}"; do
  IFS=$'\t' read -r name spec mount reference <<<"$row"
  echo "== $name ($spec at $mount, served by ${reference/-/its examples})"
  case "$reference" in
    xerochat)
      st run "$spec" --url "$MOCK_URL$mount" "${common[@]}" --checks all \
        --exclude-checks negative_data_rejection,unsupported_method
      ;;
    bot)
      token=$(curl -fsS -H 'Content-Type: application/json' -d '{"appId":"demo-app","appSecret":"demo-secret"}' \
        "$MOCK_URL$mount/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["authToken"])')
      st run "$spec" --url "$MOCK_URL$mount" "${common[@]}" --checks all -H "Authorization: $token" \
        --exclude-checks positive_data_acceptance
      ;;
    -)
      st run "$spec" --url "$MOCK_URL$mount" "${common[@]}" --mode positive \
        --checks not_a_server_error,content_type_conformance,response_schema_conformance
      ;;
    *)
      echo "no conformance settings for the reference implementation \`$reference\`" >&2
      exit 1
      ;;
  esac
done

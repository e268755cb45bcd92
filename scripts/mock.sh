# Sourced by the scripts that need a running mock-server: `start_mock` builds it (release, or the profile in
# MOCK_PROFILE: `debug` reuses the test build) and starts it on a
# free port, waits until it answers, and sets MOCK_URL and MOCK_PID; it is stopped when the script exits.

start_mock() {
  local profile=${MOCK_PROFILE:-release}
  if [ "$profile" = release ]; then cargo build --quiet --release -p chatbot-openapi-mock; else cargo build --quiet -p chatbot-openapi-mock; fi
  local log
  log=$(mktemp)
  "${CARGO_TARGET_DIR:-target}/$profile/mock-server" --addr 127.0.0.1:0 >"$log" 2>&1 &
  MOCK_PID=$!
  trap 'kill "$MOCK_PID" 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    MOCK_URL=$(sed -n 's/^mock-server listening on \(http:[^ ]*\)$/\1/p' "$log")
    if [ -n "$MOCK_URL" ] && curl -fsS -o /dev/null "$MOCK_URL/docs"; then
      export MOCK_URL MOCK_PID
      return 0
    fi
    sleep 0.1
  done
  echo "mock-server did not start:" >&2
  cat "$log" >&2
  return 1
}

#!/usr/bin/env bash
# Instructions per request of `get_user_info`, the shipped mock (release binary, default settings:
# nested mounts, request logging on, the journal on) against the hand-written axum handler of
# scripts/bench-throughput.sh, each counted by valgrind's callgrind while wrk loads it. Unlike
# requests per second, the count barely moves with what else the machine is doing, so it shows
# where a change to the request path stands even on a noisy machine. It counts user-space
# instructions only: the kernel's share of a request (the socket calls, the same for both) is not
# in it, and valgrind runs one thread at a time.
# Usage: scripts/bench-instructions.sh [seconds of load]   (default 15)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
for tool in wrk valgrind callgrind_annotate; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (Debian packages: wrk, valgrind)" >&2; exit 1; }
done

cargo build --quiet --release -p chatbot-openapi-mock --bin mock-server --example handwritten_user_info
target=${CARGO_TARGET_DIR:-target}/release
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
path="/xerochat/api/get_user_info?api_key=1-demoadminkey&user_id=39"

# The answer the hand-written server repeats comes from a plain (not counted) mock.
plain_port=$(free_port)
"$target/mock-server" --addr "127.0.0.1:$plain_port" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$plain_port/health" >/dev/null && break; sleep 0.1; done

# Runs "$@" (a server listening on $port) under callgrind, counts only while wrk loads it, and
# prints instructions per request.
count() {
  local name=$1 port=$2
  shift 2
  valgrind --tool=callgrind --callgrind-out-file="$work/$name.%p" "$@" >"$work/$name.out" 2>"$work/$name.log" &
  local valgrind_pid=$!
  pids+=("$valgrind_pid")
  for _ in $(seq 300); do curl -fs "http://127.0.0.1:$port$path" >/dev/null && break; sleep 0.2; done
  callgrind_control --zero "$valgrind_pid" >/dev/null 2>&1
  local requests
  requests=$(wrk -t1 -c4 -d"${seconds}s" "http://127.0.0.1:$port$path" | awk '/requests in/ {print $1}')
  callgrind_control --dump "$valgrind_pid" >/dev/null 2>&1
  kill "$valgrind_pid"
  wait "$valgrind_pid" 2>/dev/null || true
  local dump
  dump=$(ls "$work/$name".*.1)
  local instructions
  instructions=$(callgrind_annotate "$dump" | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  echo "$instructions $requests"
}

mock_port=$(free_port)
read -r mock_ir mock_requests < <(count mock "$mock_port" "$target/mock-server" --addr "127.0.0.1:$mock_port")
hand_port=$(free_port)
read -r hand_ir hand_requests < <(count hand "$hand_port" "$target/examples/handwritten_user_info" \
  "127.0.0.1:$hand_port" "http://127.0.0.1:$plain_port$path")
awk -v mi="$mock_ir" -v mr="$mock_requests" -v hi="$hand_ir" -v hr="$hand_requests" 'BEGIN {
  m = mi / mr; h = hi / hr
  printf "instructions per request: shipped mock %.0f (%d requests), hand-written %.0f (%d requests), ratio %.3f\n", m, mr, h, hr, m / h
}'

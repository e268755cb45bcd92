#!/usr/bin/env bash
# Throughput of `get_user_info` through the shipped mock server, as users run it (the release binary
# with its default settings: every API nested under its mount, request logging on, the journal on),
# against a hand-written axum handler answering the same JSON for the same request, side by side in one
# run with wrk. The two are measured in alternation, several rounds, and the medians compared.
# Logs go to a file, as they would when redirected.
# Usage: scripts/bench-throughput.sh [seconds per round] [rounds]   (default 5 s, 9 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
rounds=${2:-9}
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package: wrk)" >&2; exit 1; }

cargo build --quiet --release -p chatbot-openapi-mock --bin mock-server --example handwritten_user_info
target=${CARGO_TARGET_DIR:-target}/release
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
mock_port=$(free_port)
logs=$(mktemp -d)
"$target/mock-server" --addr "127.0.0.1:$mock_port" >"$logs/mock.out" 2>"$logs/mock.log" &
mock=$!
trap 'kill $mock ${hand:-} 2>/dev/null || true; rm -rf "$logs"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$mock_port/health" >/dev/null && break; sleep 0.1; done
path="/xerochat/api/get_user_info?api_key=1-demoadminkey&user_id=39"
shipped="http://127.0.0.1:$mock_port$path"
hand_port=$(free_port)
"$target/examples/handwritten_user_info" "127.0.0.1:$hand_port" "$shipped" >"$logs/hand.out" 2>&1 &
hand=$!
for _ in $(seq 100); do grep -q '^handwritten ' "$logs/hand.out" && break; sleep 0.1; done
handwritten="http://127.0.0.1:$hand_port$path"
[ "$(curl -fsS "$shipped")" == "$(curl -fsS "$handwritten")" ] || { echo "the two servers answer differently" >&2; exit 1; }

rate() { wrk -t1 -c32 -d"${seconds}s" "$1" | awk '/Requests\/sec/ {print $2}'; }
shipped_rates=() hand_rates=()
for round in $(seq "$rounds"); do
  shipped_rates+=("$(rate "$shipped")")
  hand_rates+=("$(rate "$handwritten")")
  echo "round $round: shipped mock ${shipped_rates[-1]} req/s, hand-written ${hand_rates[-1]} req/s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
s=$(median "${shipped_rates[@]}") h=$(median "${hand_rates[@]}")
# Each round's pair was measured back to back, so its ratio is the least disturbed by a machine whose
# speed drifts; the median of those ratios is printed next to the ratio of the medians.
ratios=()
for i in "${!shipped_rates[@]}"; do
  ratios+=("$(awk -v s="${shipped_rates[$i]}" -v h="${hand_rates[$i]}" 'BEGIN {printf "%.3f", s / h}')")
done
echo "log lines written by the mock: $(wc -l <"$logs/mock.log")"
echo "median: shipped mock $s req/s, hand-written $h req/s, ratio $(awk -v s="$s" -v h="$h" 'BEGIN {printf "%.3f", s / h}'); median of the rounds' ratios $(median "${ratios[@]}") (wrk -t1 -c32, ${seconds}s x $rounds, $(nproc) cores, release build, default settings)"

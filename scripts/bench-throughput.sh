#!/usr/bin/env bash
# Throughput of `get_user_info` through the generated XeroChat router and reference implementation,
# against a hand-written axum handler answering the same JSON, side by side in one run with wrk.
# Each side is measured in alternation, several rounds, and the medians compared.
# Usage: scripts/bench-throughput.sh [seconds per round] [rounds]   (default 5 s, 3 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
rounds=${2:-3}
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package: wrk)" >&2; exit 1; }

cargo build --quiet --release -p chatbot-openapi-mock --example throughput_pair
log=$(mktemp)
"${CARGO_TARGET_DIR:-target}/release/examples/throughput_pair" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q '^handwritten ' "$log" && break; sleep 0.1; done
generated=$(sed -n 's/^generated //p' "$log")
handwritten=$(sed -n 's/^handwritten //p' "$log")
[ "$(curl -fsS "$generated")" == "$(curl -fsS "$handwritten")" ] || { echo "the two servers answer differently" >&2; exit 1; }

rate() { wrk -t1 -c32 -d"${seconds}s" "$1" | awk '/Requests\/sec/ {print $2}'; }
gen=() hand=()
for round in $(seq "$rounds"); do
  gen+=("$(rate "$generated")")
  hand+=("$(rate "$handwritten")")
  echo "round $round: generated ${gen[-1]} req/s, hand-written ${hand[-1]} req/s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
g=$(median "${gen[@]}") h=$(median "${hand[@]}")
echo "median: generated $g req/s, hand-written $h req/s, ratio $(awk -v g="$g" -v h="$h" 'BEGIN {printf "%.3f", g / h}') (wrk -t1 -c32, ${seconds}s x $rounds, $(nproc) cores)"

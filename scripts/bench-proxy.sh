#!/usr/bin/env bash
# Overhead of the validating proxy: the same request to the mock directly and through
# `mock-server proxy` in front of it, side by side in one run with wrk, in alternation over several rounds.
#   latency:    wrk -t1 -c1 (one request at a time), median (wrk's 50th percentile) per round
#   throughput: wrk -t1 -c32, requests per second per round
# The medians over the rounds are compared: added median latency, and throughput through / direct.
# Usage: scripts/bench-proxy.sh [seconds per round] [rounds]   (default 5 s, 3 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
rounds=${2:-3}
command -v wrk >/dev/null || { echo "wrk is not installed (Debian package: wrk)" >&2; exit 1; }
# shellcheck source=scripts/mock.sh
source scripts/mock.sh
start_mock # builds mock-server (release) and starts it: MOCK_URL, MOCK_PID

work=$(mktemp -d)
"${CARGO_TARGET_DIR:-target}/release/mock-server" proxy --addr 127.0.0.1:0 --report "$work/drift.jsonl" \
  --upstream "xerochat=$MOCK_URL/xerochat/api" --upstream "bot=$MOCK_URL/bot" >"$work/proxy.log" 2>&1 &
proxy_pid=$!
trap 'kill "$proxy_pid" "$MOCK_PID" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  PROXY_URL=$(sed -n 's/^mock-server proxy listening on \(http:[^ ]*\)$/\1/p' "$work/proxy.log")
  [ -n "$PROXY_URL" ] && break
  sleep 0.1
done
[ -n "$PROXY_URL" ] || { echo "the proxy did not start:" >&2; cat "$work/proxy.log" >&2; exit 1; }

request='/xerochat/api/get_user_info?api_key=1-demoadminkey&user_id=39'
direct="$MOCK_URL$request" through="$PROXY_URL$request"
[ "$(curl -fsS "$direct")" == "$(curl -fsS "$through")" ] || { echo "the proxy answers differently" >&2; exit 1; }

# wrk's 50th percentile in microseconds.
median_us() {
  wrk -t1 -c1 -d"${seconds}s" --latency "$1" | awk '$1 == "50%" {
    v = $2; u = v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v)
    if (u == "us") f = 1; else if (u == "ms") f = 1000; else if (u == "s") f = 1000000; else f = 0
    printf "%.1f", v * f }'
}
rate() { wrk -t1 -c32 -d"${seconds}s" "$1" | awk '/Requests\/sec/ {print $2}'; }

lat_direct=() lat_through=() rps_direct=() rps_through=()
for round in $(seq "$rounds"); do
  lat_direct+=("$(median_us "$direct")")
  lat_through+=("$(median_us "$through")")
  rps_direct+=("$(rate "$direct")")
  rps_through+=("$(rate "$through")")
  echo "round $round: median latency direct ${lat_direct[-1]} us, through the proxy ${lat_through[-1]} us;" \
    "throughput direct ${rps_direct[-1]} req/s, through the proxy ${rps_through[-1]} req/s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ld=$(median "${lat_direct[@]}") lt=$(median "${lat_through[@]}")
rd=$(median "${rps_direct[@]}") rt=$(median "${rps_through[@]}")
checked=$(curl -fsS "$PROXY_URL/__proxy/report" | sed -n 's/.*"exchanges":\([0-9]*\).*/\1/p')
echo "median over $rounds rounds ($(nproc) cores, ${seconds}s per measurement):"
echo "  latency (wrk -t1 -c1, p50):   direct $ld us, through the proxy $lt us, added $(awk -v a="$lt" -v b="$ld" 'BEGIN {printf "%.1f", a - b}') us"
echo "  throughput (wrk -t1 -c32):    direct $rd req/s, through the proxy $rt req/s, ratio $(awk -v a="$rt" -v b="$rd" 'BEGIN {printf "%.3f", a / b}')"
echo "  the proxy checked $checked exchanges; findings: $(wc -l <"$work/drift.jsonl")"

#!/usr/bin/env bash
# Cold release build of a fresh crate that depends on one client, against a fresh crate that depends
# on reqwest alone with the same reqwest features and TLS stack (rustls with the ring provider), each
# with an empty target directory, one after the other. Prints both times and their ratio.
#
#   scripts/bench-client-build.sh [xerochat-client|bot-open-api-client] [scratch-dir]
#
# BENCH_ROUNDS (default 3) rounds, alternating which crate builds first, so that load from elsewhere on
# the machine falls on both alike; the medians are compared. The scratch directory (default:
# target/bench-client-build) is removed at the end. Uses the local registry cache (`--offline`) when
# BENCH_OFFLINE=1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
client=${1:-xerochat-client}
scratch=${2:-$root/target/bench-client-build}
offline=()
[ "${BENCH_OFFLINE:-0}" = 1 ] && offline=(--offline)

reqwest_version=$(cargo metadata --format-version 1 --locked 2>/dev/null | python3 -c '
import json, sys
print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "reqwest"))')

rm -rf "$scratch"
mkdir -p "$scratch/with-client/src" "$scratch/bare-reqwest/src"

cat > "$scratch/with-client/Cargo.toml" <<TOML
[package]
name = "with-client"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$client = { path = "$root/crates/$client" }

[workspace]
TOML
lib=${client//-/_}
echo "pub use $lib as client;" > "$scratch/with-client/src/lib.rs"

cat > "$scratch/bare-reqwest/Cargo.toml" <<TOML
[package]
name = "bare-reqwest"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
reqwest = { version = "=$reqwest_version", default-features = false, features = ["json", "query", "form", "rustls-no-provider"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }

[workspace]
TOML
echo "pub use reqwest; pub use rustls;" > "$scratch/bare-reqwest/src/lib.rs"

# Both resolve to the versions the workspace locks.
cp Cargo.lock "$scratch/with-client/Cargo.lock"
cp Cargo.lock "$scratch/bare-reqwest/Cargo.lock"

build() {
  local dir=$1
  (cd "$dir" && cargo fetch "${offline[@]}" >/dev/null 2>&1 || true)
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && CARGO_TARGET_DIR="$dir/target" CARGO_INCREMENTAL=0 cargo build --release "${offline[@]}" --quiet)
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.1f}')"
}

rounds=${BENCH_ROUNDS:-3}
bares=() withs=()
for round in $(seq 1 "$rounds"); do
  rm -rf "$scratch/bare-reqwest/target" "$scratch/with-client/target"
  if [ $((round % 2)) = 1 ]; then
    bares+=("$(build "$scratch/bare-reqwest")"); withs+=("$(build "$scratch/with-client")")
  else
    withs+=("$(build "$scratch/with-client")"); bares+=("$(build "$scratch/bare-reqwest")")
  fi
  echo "round $round: bare reqwest ${bares[-1]}s, $client ${withs[-1]}s"
done
median() { printf '%s\n' "$@" | sort -n | python3 -c 'import sys; v=[float(l) for l in sys.stdin]; print(v[len(v)//2])'; }
bare=$(median "${bares[@]}")
with=$(median "${withs[@]}")
ratio=$(python3 -c "print(f'{$with / $bare:.2f}')")
echo "cores: $(nproc), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bare reqwest (same features), median: ${bare}s"
echo "$client, median: ${with}s"
echo "ratio: ${ratio}x"
rm -rf "$scratch"

#!/usr/bin/env bash
# Benchmark of `cargo xtask codegen` with the xtask already built: wall time per run over several runs,
# and a check that a no-op regeneration leaves every generated file's mtime alone.
# Usage: scripts/bench-codegen.sh [runs]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}

cargo build --quiet -p xtask
cargo xtask codegen >/dev/null # bring everything up to date first

mapfile -t generated < <(git ls-files '*generated.rs' 'tests/src/generated/*.rs' 'crates/generator-corpus/src/*' | sort -u)
mtimes() { stat -c '%n %.9Y' "${generated[@]}"; }
before=$(mtimes)

times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  cargo xtask codegen >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
after=$(mtimes)

sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "cargo xtask codegen, ${#generated[@]} generated files, $runs runs on $(nproc) cores"
echo "  wall ms: min ${sorted[0]}  median ${sorted[$((runs / 2))]}  max ${sorted[$((runs - 1))]}"
if [ "$before" == "$after" ]; then
  echo "  no-op regeneration: 0 of ${#generated[@]} files had their mtime changed"
else
  echo "  no-op regeneration CHANGED mtimes:"
  diff <(echo "$before") <(echo "$after") || true
  exit 1
fi

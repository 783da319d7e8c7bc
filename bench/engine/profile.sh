#!/usr/bin/env bash
# CPU profile of ccsim on the engine benchmark model: writes a .cpuprofile under bench/engine/results/
# (open it in Chrome DevTools → Performance, or read the summary this prints).
# Environment: BENCH_CALLS (default 1000000), BENCH_SEED (default 1), PROFILE_TOP (default 25).
# Assumes dist/ is built (run.sh builds it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."
calls="${BENCH_CALLS:-1000000}"
[[ "$calls" =~ ^[0-9]+$ ]] || { echo "profile.sh: BENCH_CALLS must be a whole number" >&2; exit 2; }
out="$here/results/profile"
rm -rf "$out"
mkdir -p "$out"
node --cpu-prof --cpu-prof-dir="$out" dist/cli.js run --file "$here/mmc.yaml" --scenario mmc --seed "${BENCH_SEED:-1}" --duration $(( calls * 4 )) --json
prof="$(ls "$out"/*.cpuprofile | head -n 1)"
echo "profile: $prof"
node "$here/profile-summary.mjs" "$prof" "${PROFILE_TOP:-25}"

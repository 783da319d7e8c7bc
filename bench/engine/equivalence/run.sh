#!/usr/bin/env bash
# Behaviour fingerprint of the engine, for speed work that must not change what it simulates: runs a fixed
# set of scenarios with `ccsim run --json --events` and prints one SHA-256 per output (KPI reports without
# wall_ms, and event logs). Run it before and after a change and diff the two outputs:
#
#   bash bench/engine/equivalence/run.sh > /tmp/before.sums   # on the old commit
#   bash bench/engine/equivalence/run.sh > /tmp/after.sums    # on the new one
#   diff /tmp/before.sums /tmp/after.sums && echo identical
#
# The set: nine scenarios (strategies.yaml) that between them use every strategy, tier rules, timeouts,
# abandonment and resumes, busy/reject/no-answer, skip_busy_agents, on-demand agents and scripted status,
# strategy and external-call changes, each with two seeds; the shipped default (one day and two days) and
# smoke scenarios; and the benchmark model (100,000 calls with its log, 1,000,000 for the KPIs only).
# Assumes dist/ is built (npm run build). Outputs go to a temporary directory (or EQUIVALENCE_OUT).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../../.."
out="${EQUIVALENCE_OUT:-$(mktemp -d)}"
mkdir -p "$out"
run() {
  local name="$1"
  shift
  node dist/cli.js run "$@" --json --events "$out/$name.ndjson" | sed -E 's/"wall_ms":[0-9]+,//' >"$out/$name.json"
}
for i in 0 1 2 3 4 5 6 7 8; do
  run "s$i" --file "$here/strategies.yaml" --scenario "s$i"
  run "s$i-seed9" --file "$here/strategies.yaml" --scenario "s$i" --seed 9
done
run default --scenario default
run default-2d --scenario default --duration 2d --seed 3
run smoke --scenario smoke
run mmc --file bench/engine/mmc.yaml --scenario mmc --duration 400000
node dist/cli.js run --file bench/engine/mmc.yaml --scenario mmc --duration 4000000 --json | sed -E 's/"wall_ms":[0-9]+,//' >"$out/mmc-1m.json"
(cd "$out" && sha256sum -- *.json *.ndjson)

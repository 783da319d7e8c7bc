#!/usr/bin/env bash
# Engine benchmark: the M/M/c model (50 agents, ρ = 0.9, about 1,000,000 calls) in ccsim and, in the
# same run, in SimPy 2.3 (Debian's python3-simpy); prints both rates, their ratio, ccsim's peak RSS
# and PASS/FAIL for the targets (ccsim ≥ 5x SimPy's calls per second, peak RSS < 300 MB); also the
# rates of floor.mjs (the same model as bare JavaScript), objects-floor.mjs (the model with ccsim's shape
# of data and none of its generality) and columnar-floor.mjs (the model as a columnar rewrite of ccsim
# could run it), to read ccsim's rate against. Then the scale table (scale.mjs: 50, 500 and 5,000 agents
# under each strategy, 200 queues of 25 agents, 50,000 agents, the peak RSS of 1,000,000 calls of the
# 5,000-agent center) with PASS/FAIL for issue 23's targets, and, with BENCH_SERVED=1, the served world's
# RSS over 10 wall minutes (served-rss.mjs).
# See bench/engine/README.md.
#
# Environment:
#   BENCH_CALLS   calls for ccsim (default 1000000; sets --duration to BENCH_CALLS / 900 per hour)
#   SIMPY_CALLS   calls for SimPy (default 1000000, about 5 s on a 2-core machine)
#   BENCH_RUNS    repetitions of each run; the report takes the best rate (default 1)
#   BENCH_SEED    seed for both models (default 1)
#   BENCH_SCALE   1 (default) runs the scale table (about 2 minutes; SCALE_* in scale.mjs tune it), 0 skips it
#   BENCH_SERVED  1 runs the served world for SERVED_MINUTES (default 10) wall minutes, 0 (default) skips it
#                 (SERVED_READS=1: with one read of each view per sample; see served-rss.mjs)
#
# Exits non-zero only when something fails outright (build, install, a run); a missed target is reported,
# not an error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

calls="${BENCH_CALLS:-1000000}"
simpy_calls="${SIMPY_CALLS:-1000000}"
runs="${BENCH_RUNS:-1}"
seed="${BENCH_SEED:-1}"
scale="${BENCH_SCALE:-1}"
served="${BENCH_SERVED:-0}"
for v in "$calls" "$simpy_calls" "$runs" "$seed"; do
  [[ "$v" =~ ^[0-9]+$ ]] || { echo "bench:engine: BENCH_CALLS, SIMPY_CALLS, BENCH_RUNS and BENCH_SEED must be whole numbers" >&2; exit 2; }
done
[[ "$scale" =~ ^[01]$ && "$served" =~ ^[01]$ ]] || { echo "bench:engine: BENCH_SCALE and BENCH_SERVED must be 0 or 1" >&2; exit 2; }
(( calls > 0 && simpy_calls > 0 && runs > 0 )) || { echo "bench:engine: BENCH_CALLS, SIMPY_CALLS and BENCH_RUNS must be positive" >&2; exit 2; }

log() { printf '[bench:engine] %s\n' "$*" >&2; }

# ---- prerequisites ----------------------------------------------------------------------------------

SYS_PYTHON=/usr/bin/python3 # Debian's python3-simpy installs for the system Python, not a pyenv one
apt_updated=0
apt_install() {
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "bench:engine: need root (or sudo) to apt-get install $*" >&2; exit 1; }
    sudo=(sudo)
  fi
  if [[ $apt_updated -eq 0 ]]; then
    log "apt-get update"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    apt_updated=1
  fi
  log "apt-get install -y $*"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

if [[ ! -x /usr/bin/time ]]; then
  apt_install time
fi
if [[ ! -x $SYS_PYTHON ]] || ! "$SYS_PYTHON" -c 'import SimPy.Simulation' 2>/dev/null; then
  apt_install python3-simpy
fi
"$SYS_PYTHON" -c 'import SimPy.Simulation' || { echo "bench:engine: SimPy still not importable by $SYS_PYTHON" >&2; exit 1; }

if [[ ! -d node_modules ]]; then
  log "node_modules missing: npm ci"
  npm ci >&2
fi
# Build when dist/ is missing or stale: a source without its compiled file, a source newer than it, or
# build configuration newer than dist/cli.js.
dist_stale() {
  [[ -f dist/cli.js ]] || return 0
  [[ -z "$(find tsconfig.json tsconfig.build.json package.json -newer dist/cli.js -print -quit)" ]] || return 0
  local ts js
  while IFS= read -r -d '' ts; do
    [[ "$ts" == *.d.ts ]] && continue
    js="dist/${ts#src/}"
    js="${js%.ts}.js"
    [[ -f "$js" && ! "$ts" -nt "$js" ]] || return 0
  done < <(find src -name '*.ts' -print0)
  return 1
}
if dist_stale; then
  log "dist/ missing or stale: npm run build"
  npm run build >&2
fi

# ---- runs ---------------------------------------------------------------------------------------------

out="$here/results"
mkdir -p "$out"
rm -f "$out"/ccsim.json "$out"/ccsim.time "$out"/simpy.json "$out"/simpy.time "$out"/floor.json "$out"/objects-floor.json "$out"/columnar-floor.json "$out"/columnar-bookkeeping.json "$out"/columnar-specialised.json "$out"/summary.json "$out"/scale.json "$out"/scale-rss.time "$out"/served-rss.json "$out"/served-rss-reads.json
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT

# λ = 900 calls per hour = 0.25 per second, so N calls arrive in about N × 4 s of virtual time.
duration=$(( calls * 4 ))

for (( i = 1; i <= runs; i++ )); do
  log "ccsim: $calls calls (--duration $duration s), run $i/$runs"
  /usr/bin/time -v -o "$tmp" node dist/cli.js run --file "$here/mmc.yaml" --scenario mmc --seed "$seed" --duration "$duration" --json >>"$out/ccsim.json"
  cat "$tmp" >>"$out/ccsim.time"
done

for (( i = 1; i <= runs; i++ )); do
  log "SimPy: $simpy_calls calls, run $i/$runs"
  /usr/bin/time -v -o "$tmp" "$SYS_PYTHON" "$here/mmc_simpy.py" "$simpy_calls" "$seed" >>"$out/simpy.json"
  cat "$tmp" >>"$out/simpy.time"
done

# The floor (floor.mjs): the same model as bare JavaScript, for reading ccsim's rate against, not a target.
for (( i = 1; i <= runs; i++ )); do
  log "floor: $calls calls, run $i/$runs"
  node "$here/floor.mjs" "$calls" "$seed" >>"$out/floor.json"
done

# The objects floor (objects-floor.mjs): the same model with ccsim's shape of data and none of its generality.
for (( i = 1; i <= runs; i++ )); do
  log "objects floor: $calls calls, run $i/$runs"
  node "$here/objects-floor.mjs" "$calls" "$seed" >>"$out/objects-floor.json"
done

# The columnar floor (columnar-floor.mjs): the model in typed-array columns, with the checks ccsim's rules
# make; with --bookkeeping-only the objects floor's work alone (columns against objects, same work); with
# --specialised the checks with the generic steps made for this model's constants.
for (( i = 1; i <= runs; i++ )); do
  log "columnar floor: $calls calls, run $i/$runs"
  node "$here/columnar-floor.mjs" "$calls" "$seed" >>"$out/columnar-floor.json"
  node "$here/columnar-floor.mjs" "$calls" "$seed" --bookkeeping-only >>"$out/columnar-bookkeeping.json"
  node "$here/columnar-floor.mjs" "$calls" "$seed" --specialised >>"$out/columnar-specialised.json"
done

# The scale table (scale.mjs): agents × strategy, many queues, 50,000 agents, peak RSS of a long run.
if [[ $scale -eq 1 ]]; then
  log "scale table (scale.mjs)"
  BENCH_RUNS="$runs" node "$here/scale.mjs" "$out" >&2
fi

# The served world over days (served-rss.mjs): 10 wall minutes, so only when asked for.
if [[ $served -eq 1 ]]; then
  log "served world (served-rss.mjs), ${SERVED_MINUTES:-10} wall minutes"
  node "$here/served-rss.mjs" "$out" >&2
fi

echo
node "$here/report.mjs" "$out"

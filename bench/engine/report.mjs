// Prints the engine benchmark's report from the raw outputs run.sh collected, and writes a summary
// JSON next to them. Exits 0 whether or not the targets are met (the report says which); exits 1 only
// when an input is missing or malformed.
//
// Usage: node report.mjs <results-dir>
//   <results-dir>/ccsim.json    the `ccsim run --json` object(s), one per line (one per repetition)
//   <results-dir>/ccsim.time    `/usr/bin/time -v` output(s) for those runs, concatenated
//   <results-dir>/simpy.json    mmc_simpy.py's JSON line(s), one per repetition
//   <results-dir>/simpy.time    `/usr/bin/time -v` output(s) for those runs
//   <results-dir>/floor.json    floor.mjs's JSON line(s), optional
//   <results-dir>/objects-floor.json  objects-floor.mjs's JSON line(s), optional
//   <results-dir>/columnar-floor.json columnar-floor.mjs's JSON line(s), optional
//   <results-dir>/columnar-bookkeeping.json  the same with --bookkeeping-only, optional
//   <results-dir>/columnar-specialised.json  the same with --specialised, optional
//   <results-dir>/scale.json    scale.mjs's table (agents × strategy, many queues, 50,000 agents, peak RSS), optional
//   <results-dir>/served-rss.json, served-rss-reads.json  served-rss.mjs's RSS series of the served world, optional
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Issue 23: the 50-agent M/M/c stays at least 5x SimPy in the same run (the 10x target of the engine
// issue was withdrawn); peak RSS without --events under 300 MB.
const TARGET_RATIO = 5;
const TARGET_RSS_MB = 300;
// Issue 23's scale targets (scale.json): at 5,000 agents a hunting strategy keeps at least this share of
// its 50-agent rate, and ring-all and ring-progressively of their 50-agent rate of world events (their
// work is per agent rung, and every ring logs its events); 200 queues of 25 agents at least this share
// of one queue of 5,000; peak RSS of 1,000,000 calls of the 5,000-agent center under 400 MB; the served
// world's RSS at its last minute within 1.2x of minute 3.
const SCALE_SHARE = 0.5;
const SCALE_RSS_MB = 400;
const SERVED_RATIO = 1.2;
const RING = new Set(['ring-all', 'ring-progressively']);
// The model: c servers, arrival rate λ per second, mean service 1/μ seconds.
const C = 50;
const LAMBDA = 900 / 3600;
const MEAN_SERVICE = 180;

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node report.mjs <results-dir>');
  process.exit(1);
}

const jsonLines = (file) =>
  readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l));

/** Peak RSS in kB of every run recorded in a `/usr/bin/time -v` output file. */
const peakRssKb = (file) => [...readFileSync(join(dir, file), 'utf8').matchAll(/Maximum resident set size \(kbytes\): (\d+)/g)].map((m) => Number(m[1]));
/** Elapsed wall-clock seconds (whole process) of every run in a `/usr/bin/time -v` output file. */
const elapsedSec = (file) =>
  [...readFileSync(join(dir, file), 'utf8').matchAll(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([0-9:.]+)/g)].map((m) =>
    m[1].split(':').reduce((acc, part) => acc * 60 + Number(part), 0),
  );

const ccsimRuns = jsonLines('ccsim.json').map((r) => ({
  calls: r.calls.offered,
  answered: r.calls.answered,
  inProgress: r.calls.in_progress,
  wallSec: r.wall_ms / 1000,
  rate: r.calls.offered / (r.wall_ms / 1000),
  meanWait: r.mean_wait_seconds,
  serviceLevel: r.service_level,
  events: r.events,
  simulatedSec: r.simulated_seconds,
}));
const simpyRuns = jsonLines('simpy.json').map((r) => ({
  calls: r.calls,
  wallSec: r.wall_seconds,
  rate: r.calls_per_second,
  meanWait: r.mean_wait_seconds,
  pWait: r.p_wait,
  python: r.python,
  simpy: r.simpy,
}));
const floorFile = (file) =>
  existsSync(join(dir, file)) ? jsonLines(file).map((r) => ({ calls: r.calls, wallSec: r.wall_ms / 1000, rate: r.calls_per_second, meanWait: r.mean_wait_seconds })) : [];
const floorRuns = floorFile('floor.json');
const objectsRuns = floorFile('objects-floor.json');
const columnarRuns = floorFile('columnar-floor.json');
const bookkeepingRuns = floorFile('columnar-bookkeeping.json');
const specialisedRuns = floorFile('columnar-specialised.json');
const ccsimRss = peakRssKb('ccsim.time');
const simpyRss = peakRssKb('simpy.time');
const ccsimElapsed = elapsedSec('ccsim.time');
const simpyElapsed = elapsedSec('simpy.time');
if (ccsimRuns.length === 0 || simpyRuns.length === 0 || ccsimRss.length === 0) {
  console.error(`report.mjs: missing results in ${dir}`);
  process.exit(1);
}

// Best of the repetitions (highest rate): the least disturbed run of each.
const bestIndex = (runs) => runs.reduce((bi, r, i) => (r.rate > runs[bi].rate ? i : bi), 0);
const ccBest = bestIndex(ccsimRuns);
const spBest = bestIndex(simpyRuns);
const cc = ccsimRuns[ccBest];
const sp = simpyRuns[spBest];
const ratio = cc.rate / sp.rate;
const fl = floorRuns.length > 0 ? floorRuns[bestIndex(floorRuns)] : null;
const ob = objectsRuns.length > 0 ? objectsRuns[bestIndex(objectsRuns)] : null;
const co = columnarRuns.length > 0 ? columnarRuns[bestIndex(columnarRuns)] : null;
const cb = bookkeepingRuns.length > 0 ? bookkeepingRuns[bestIndex(bookkeepingRuns)] : null;
const cs = specialisedRuns.length > 0 ? specialisedRuns[bestIndex(specialisedRuns)] : null;
const ccRssMb = Math.max(...ccsimRss) / 1024;
const spRssMb = simpyRss.length ? Math.max(...simpyRss) / 1024 : null;

// Erlang C for c servers and offered load a = λ/μ: Erlang B by its stable recursion, then C from B.
function erlangCFor(meanService) {
  const load = LAMBDA * meanService;
  let b = 1;
  for (let k = 1; k <= C; k++) b = (load * b) / (k + load * b);
  return (C * b) / (C - load * (1 - b));
}
const erlangWqFor = (meanService) => erlangCFor(meanService) / (C / meanService - LAMBDA);
const a = LAMBDA * MEAN_SERVICE;
const erlangC = erlangCFor(MEAN_SERVICE);
const drain = C / MEAN_SERVICE - LAMBDA; // cμ − λ, per second
const erlangWq = erlangWqFor(MEAN_SERVICE);
const erlangSl20 = 1 - erlangC * Math.exp(-drain * 20);

const int = (x) => Math.round(x).toLocaleString('en-US');
const f = (x, d) => (x === null || x === undefined ? '—' : x.toFixed(d));
const pad = (s, n) => String(s).padStart(n);
const reps = (runs) => (runs.length > 1 ? ` (best of ${runs.length})` : '');
const nodeVersion = process.version;

const lines = [];
lines.push(`ccsim engine benchmark: M/M/c, c = ${C}, λ = ${LAMBDA}/s (900/h), exponential service mean ${MEAN_SERVICE} s, a = ${a} Erlang, ρ = ${f(a / C, 2)}`);
lines.push('');
const row = (label, calls, wall, rate, wait, note = '') =>
  lines.push(`${label.padEnd(30)}${pad(calls, 11)}${pad(wall, 12)}${pad(rate, 12)}${pad(wait, 13)}${note}`);
row('', 'calls', 'run wall s', 'calls/s', 'mean wait s');
row(`ccsim (node ${nodeVersion})`, int(cc.calls), f(cc.wallSec, 3), int(cc.rate), f(cc.meanWait, 2), reps(ccsimRuns));
row(`SimPy ${sp.simpy} (python ${sp.python})`, int(sp.calls), f(sp.wallSec, 3), int(sp.rate), f(sp.meanWait, 2), reps(simpyRuns));
if (fl) row('floor.mjs (bare JS, same model)', int(fl.calls), f(fl.wallSec, 3), int(fl.rate), f(fl.meanWait, 2), reps(floorRuns));
if (ob) row('objects-floor.mjs (ccsim shape)', int(ob.calls), f(ob.wallSec, 3), int(ob.rate), f(ob.meanWait, 2), reps(objectsRuns));
if (cb) row('  the same in columns', int(cb.calls), f(cb.wallSec, 3), int(cb.rate), f(cb.meanWait, 2), `${reps(bookkeepingRuns)}  (columnar-floor.mjs --bookkeeping-only)`);
if (co) row('columnar-floor.mjs (+ rules)', int(co.calls), f(co.wallSec, 3), int(co.rate), f(co.meanWait, 2), reps(columnarRuns));
if (cs) row('  rules made for this model', int(cs.calls), f(cs.wallSec, 3), int(cs.rate), f(cs.meanWait, 2), `${reps(specialisedRuns)}  (columnar-floor.mjs --specialised)`);
row('Erlang C (exact, reference)', '', '', '', f(erlangWq, 2));
// ccsim follows mod_callcenter's whole-second clock: after a call an agent is offered again only from the
// next whole second on (last_bridge_end < now − wrap_up_time), about 0.5 s more per call on average.
row('Erlang C, holding 180.5 s', '', '', '', f(erlangWqFor(MEAN_SERVICE + 0.5), 2), '  (ccsim: agents free at the next whole second)');
lines.push('');
lines.push(`P(wait): SimPy ${f(sp.pWait, 4)}, Erlang C ${f(erlangC, 4)}.  Answered within 20 s: ccsim ${f(cc.serviceLevel, 4)}, Erlang C ${f(erlangSl20, 4)}.`);
if (cc.calls !== sp.calls) {
  lines.push(`Note: the runs simulate different numbers of calls (ccsim ${int(cc.calls)} arrivals in ${int(cc.simulatedSec)} s, SimPy ${int(sp.calls)}); the rates are per second of wall time, so they compare directly.`);
}
lines.push(`Run wall: ccsim's wall_ms (engine set-up + run, no process start); SimPy's time around simulate() only.`);
lines.push(`Process wall incl. start-up: ccsim ${f(ccsimElapsed[ccBest], 2)} s, SimPy ${f(simpyElapsed[spBest], 2)} s.  ccsim logged ${int(cc.events)} world events (${f(cc.events / cc.calls, 2)} per call).`);
lines.push('');
lines.push(`ratio ccsim/SimPy    ${f(ratio, 2)}x`);
if (fl) {
  lines.push(`ratio floor/SimPy    ${f(fl.rate / sp.rate, 2)}x   (the bare loop with no call center; ccsim runs at ${f((100 * cc.rate) / fl.rate, 0)} % of its rate,`);
  lines.push(`                     and the ${TARGET_RATIO}x floor asks for ${f((100 * TARGET_RATIO * sp.rate) / fl.rate, 0)} % of it)`);
}
if (ob) {
  lines.push(`ratio objects/SimPy  ${f(ob.rate / sp.rate, 2)}x   (one object per call, row, offer and ring, a pass per instant, one strategy and no other`);
  lines.push(`                     rule; ccsim runs at ${f((100 * cc.rate) / ob.rate, 0)} % of its rate)`);
}
if (cb) {
  lines.push(`ratio columns/SimPy  ${f(cb.rate / sp.rate, 2)}x   (the objects floor's work in typed-array columns, nothing allocated per call)`);
}
if (co) {
  lines.push(`ratio columnar/SimPy ${f(co.rate / sp.rate, 2)}x   (the same plus the checks ccsim's rules make on this model: an optimistic`);
  lines.push(`                     ceiling for a columnar rewrite of ccsim; ccsim runs at ${f((100 * cc.rate) / co.rate, 0)} % of its rate)`);
}
if (cs) {
  lines.push(`ratio special/SimPy  ${f(cs.rate / sp.rate, 2)}x   (the columnar floor with its generic steps made for this model's constants)`);
}
lines.push(`ccsim peak RSS       ${f(ccRssMb, 1)} MB (whole process, /usr/bin/time -v, no --events)${spRssMb === null ? '' : `;  SimPy ${f(spRssMb, 1)} MB`}`);
lines.push('');
const speedOk = ratio >= TARGET_RATIO;
const rssOk = ccRssMb < TARGET_RSS_MB;
lines.push(
  speedOk
    ? `PASS  speed:  ccsim is ${f(ratio, 2)}x SimPy (floor ≥ ${TARGET_RATIO}x)`
    : `FAIL  speed:  ccsim is ${f(ratio, 2)}x SimPy (floor ≥ ${TARGET_RATIO}x): needs ${f(TARGET_RATIO / ratio, 2)}x more, i.e. ≥ ${int(TARGET_RATIO * sp.rate)} calls/s`,
);
lines.push(
  rssOk
    ? `PASS  memory: ccsim peak RSS ${f(ccRssMb, 1)} MB (target < ${TARGET_RSS_MB} MB)`
    : `FAIL  memory: ccsim peak RSS ${f(ccRssMb, 1)} MB (target < ${TARGET_RSS_MB} MB): ${f(ccRssMb - TARGET_RSS_MB, 1)} MB over`,
);

// ---- scale (scale.mjs) ---------------------------------------------------------------------------------
const scale = existsSync(join(dir, 'scale.json')) ? JSON.parse(readFileSync(join(dir, 'scale.json'), 'utf8')) : null;
const scaleVerdicts = [];
if (scale) {
  const one = scale.rows.filter((r) => r.strategy !== 'many-queues');
  const sizes = [...new Set(one.map((r) => r.agents))].sort((x, y) => x - y).filter((n) => one.filter((r) => r.agents === n).length > 1);
  const strategies = [...new Set(one.map((r) => r.strategy))];
  const of = (strategy, agents) => one.find((r) => r.strategy === strategy && r.agents === agents);
  lines.push('');
  lines.push(`Scale: M/M/c at ρ 0.9 (λ = agents/200 per s, talk 180 s, answer at once), one queue; calls/s of \`ccsim run\` (wall_ms,`);
  lines.push(`set-up included), best of ${scale.runs}; ${int(scale.calls)} calls a run (ring-all at 5,000 agents and more: fewer, see scale.json).`);
  lines.push(`"run only": the same without the world's set-up (a 1-second run's wall_ms).  ring-all and ring-progressively: world events/s,`);
  lines.push(`whose number per call grows with the agents rung.`);
  lines.push(`${'strategy'.padEnd(28)}${sizes.map((n) => pad(`${int(n)} ag.`, 11)).join('')}${pad('5,000÷50', 10)}${pad('run only', 10)}  target`);
  for (const strategy of strategies) {
    const ring = RING.has(strategy);
    const metric = (r) => (r === undefined ? null : ring ? r.events_per_second : r.calls_per_second);
    const small = of(strategy, 50);
    const big = of(strategy, 5000);
    if (!small && !big) continue;
    const share = small && big ? metric(big) / metric(small) : null;
    // Run only: set-up taken out; for events, per second of the run alone likewise.
    const runOnly = (r) => (ring ? r.events_per_second * (r.calls_per_second > 0 ? r.run_only_calls_per_second / r.calls_per_second : 1) : r.run_only_calls_per_second);
    const shareRun = small && big ? runOnly(big) / runOnly(small) : null;
    const cells = sizes.map((n) => pad(metric(of(strategy, n)) === null ? '—' : int(metric(of(strategy, n))), 11)).join('');
    const ok = share !== null && share >= SCALE_SHARE;
    lines.push(`${`${strategy}${ring ? ' (events/s)' : ''}`.padEnd(28)}${cells}${pad(f(share, 2), 10)}${pad(f(shareRun, 2), 10)}  ${share === null ? '' : ok ? 'PASS' : 'FAIL'}`);
    if (share !== null) scaleVerdicts.push({ target: `${strategy} at 5,000 agents ≥ ${SCALE_SHARE} of 50 (${ring ? 'events' : 'calls'}/s)`, value: share, run_only: shareRun, ok });
  }
  const mq = scale.rows.find((r) => r.strategy === 'many-queues');
  const lia = of('longest-idle-agent', 5000);
  if (mq && lia) {
    const share = mq.calls_per_second / lia.calls_per_second;
    const ok = share >= SCALE_SHARE;
    lines.push(`many queues: ${mq.name} (each agent in two queues, longest-idle-agent): ${int(mq.calls_per_second)} calls/s, ${f(share, 2)} of one queue of 5,000  ${ok ? 'PASS' : 'FAIL'} (target ≥ ${SCALE_SHARE})`);
    scaleVerdicts.push({ target: `200 queues × 25 agents ≥ ${SCALE_SHARE} of one queue of 5,000`, value: share, ok });
  }
  for (const r of one.filter((x) => !sizes.includes(x.agents))) {
    lines.push(`one queue of ${int(r.agents)} agents (${r.strategy}): ${int(r.calls_per_second)} calls/s, ${int(r.run_only_calls_per_second)} run only (set-up ${f(r.setup_ms / 1000, 2)} s)`);
  }
  if (scale.rss) {
    const ok = scale.rss.peak_rss_mb < SCALE_RSS_MB;
    lines.push(`peak RSS of ccsim run, ${int(scale.rss.calls)} calls of the 5,000-agent center: ${f(scale.rss.peak_rss_mb, 1)} MB  ${ok ? 'PASS' : 'FAIL'} (target < ${SCALE_RSS_MB} MB)`);
    scaleVerdicts.push({ target: `peak RSS, ${int(scale.rss.calls)} calls of 5,000 agents < ${SCALE_RSS_MB} MB`, value: scale.rss.peak_rss_mb, ok });
  }
}

// ---- the served world (served-rss.mjs) -------------------------------------------------------------------
const servedRuns = ['served-rss.json', 'served-rss-reads.json'].filter((file) => existsSync(join(dir, file))).map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')));
for (const served of servedRuns) {
  const ok = served.pass;
  const how = served.view_reads ? 'views read at each sample' : 'no client';
  lines.push('');
  lines.push(`served world (served-rss.mjs, ${how}): ${served.minutes} min at --speed ${served.speed}; RSS MB every ${served.series.length > 1 ? served.series[1].wall_s - served.series[0].wall_s : 0} s:`);
  lines.push(`  ${served.series.map((r) => f(r.rss_mb, 0)).join(' ')}`);
  const last = served.series[served.series.length - 1];
  lines.push(`  ${f(last.simulated_days, 2)} simulated days, ${int(last.calls)} calls; RSS at minute 3 ${f(served.rss_minute3_mb, 1)} MB, at the end ${f(served.rss_last_mb, 1)} MB: ${f(served.ratio, 3)}x  ${ok ? 'PASS' : 'FAIL'} (target ≤ ${SERVED_RATIO}x)${served.died ? `; ${served.died}` : ''}`);
  scaleVerdicts.push({ target: `served world (${how}) RSS at the end ≤ ${SERVED_RATIO}x minute 3`, value: served.ratio, ok });
}
if (scaleVerdicts.length > 0) {
  lines.push('');
  for (const v of scaleVerdicts) lines.push(`${v.ok ? 'PASS' : 'FAIL'}  scale:  ${v.target}: ${f(v.value, v.value > 10 ? 1 : 2)}`);
}
console.log(lines.join('\n'));

writeFileSync(
  join(dir, 'summary.json'),
  JSON.stringify(
    {
      at: new Date().toISOString(),
      node: nodeVersion,
      ccsim: { ...cc, peak_rss_mb: Number(ccRssMb.toFixed(1)), runs: ccsimRuns.length },
      simpy: { ...sp, peak_rss_mb: spRssMb === null ? null : Number(spRssMb.toFixed(1)), runs: simpyRuns.length },
      floor: fl ? { ...fl, runs: floorRuns.length } : null,
      objects_floor: ob ? { ...ob, runs: objectsRuns.length } : null,
      columnar_floor: co ? { ...co, runs: columnarRuns.length } : null,
      columnar_bookkeeping: cb ? { ...cb, runs: bookkeepingRuns.length } : null,
      columnar_specialised: cs ? { ...cs, runs: specialisedRuns.length } : null,
      erlang_c: { p_wait: erlangC, mean_wait_seconds: erlangWq, service_level_20s: erlangSl20 },
      ratio,
      targets: { ratio: TARGET_RATIO, ratio_met: speedOk, rss_mb: TARGET_RSS_MB, rss_met: rssOk, scale: scaleVerdicts },
      scale,
      served: servedRuns,
    },
    null,
    2,
  ) + '\n',
);

// The wallboard in the browser: reads /__admin/state, /kpis and /scenario, then follows the event stream
// (EventSource on /__admin/events/stream). Each event goes on the ticker and, at most a few times a
// second, the queues and agents are read again: the figures are the server's, never counted here. In
// manual mode the header offers the clock's controls (advance, run until). An admin token in the page's
// URL (?token=) goes on to every request: as ?token= on a GET and the stream, as a Bearer header on a POST.
// No library and nothing fetched from elsewhere: the page works offline.

const params = new URLSearchParams(location.search);
const token = params.get('token');
// The page is at BASE/wallboard (BASE: a tenant's path prefix, or nothing).
const base = location.pathname.replace(/\/wallboard\/?$/, '');
const types = JSON.parse(document.getElementById('event-types').textContent);
const MAX_TICKER = 60;
const REFRESH_MS = 250;

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'style') for (const [p, x] of Object.entries(v)) e.style.setProperty(p, x);
    else e[k] = v;
  }
  e.append(...children);
  return e;
};

function url(path, query = {}) {
  const q = new URLSearchParams(query);
  if (token) q.set('token', token);
  const s = q.toString();
  return `${base}/__admin${path}${s ? `?${s}` : ''}`;
}

async function get(path) {
  const r = await fetch(url(path));
  if (!r.ok) throw new Error(`${path}: ${r.status} ${(await r.json().catch(() => ({}))).error?.message ?? ''}`);
  return r.json();
}

async function post(path, body) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(`${base}/__admin${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const answer = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(answer.error?.message ?? `${path}: ${r.status}`);
  return answer;
}

function problem(err) {
  $('status').textContent = err ? String(err.message ?? err) : '';
}

// What was last read, and when (performance.now()), so that a real-time clock can run on between reads.
let last = null;

function nowT() {
  if (!last) return 0;
  const c = last.state.clock;
  return c.mode === 'realtime' ? c.t + (performance.now() - last.at) * c.speed : c.t;
}

const pad = (n) => String(n).padStart(2, '0');
function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  return h > 0 ? `${h}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}` : `${Math.floor(s / 60)}:${pad(s % 60)}`;
}
function wallTime(t) {
  return new Date(last.start + t).toISOString().slice(11, 19);
}

const STATE_LABEL = { waiting: 'available', receiving: 'ringing', in_queue_call: 'talking', idle: 'idle' };
const STATUS_LABEL = { on_break: 'on break', logged_out: 'logged out', on_demand: 'on demand' };

/** An agent's colour: its status when it takes no calls, else its state. */
const look = (a) => (a.status === 'on_break' || a.status === 'logged_out' ? a.status : a.state);

function renderQueues() {
  const { state, kpis, scenario } = last;
  const now = nowT();
  const names = new Map(scenario.queues.map((q) => [q.id, q.name ?? q.id]));
  const tiles = state.queues.map((q) => {
    const waiting = state.callers.filter((c) => c.queue === q.id && (c.state === 'waiting' || c.state === 'trying'));
    const longest = waiting.reduce((m, c) => Math.max(m, now - c.joined_t), 0);
    const k = kpis.queues[q.id] ?? {};
    const sl = k.service_level;
    const pct = sl === null || sl === undefined ? null : Math.round(sl * 1000) / 10;
    const colour = pct === null ? 'var(--dim)' : pct >= 80 ? 'var(--good)' : pct >= 60 ? 'var(--warn)' : 'var(--bad)';
    return el(
      'article',
      { className: 'queue', dataset: { queue: q.id } },
      el('h3', {}, names.get(q.id) ?? q.id),
      el('div', { className: 'gauge', title: `service level: answered within ${kpis.service_level_seconds} s`, style: { '--p': String(pct ?? 0), '--c': colour } }, el('span', { className: 'sl' }, pct === null ? '—' : `${pct}%`)),
      el('div', { className: 'figure' }, 'waiting ', el('b', { className: 'waiting' }, String(waiting.length))),
      el('div', { className: 'figure' }, 'longest ', el('b', { className: 'longest' }, duration(longest))),
      el('div', { className: 'figure' }, 'ASA ', el('b', {}, k.asa_seconds === null || k.asa_seconds === undefined ? '—' : `${k.asa_seconds.toFixed(1)} s`)),
      el('div', { className: 'figure' }, 'calls ', el('b', { className: 'offered' }, String(k.calls ?? 0))),
    );
  });
  $('queues').replaceChildren(...tiles);
}

function renderAgents() {
  const now = nowT();
  const tiles = [...last.state.agents]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((a) => {
      const kind = look(a);
      const since = a.status === 'on_break' || a.status === 'logged_out' ? a.status_since_t : a.state_since_t;
      return el(
        'article',
        { className: 'agent', dataset: { agent: a.id, state: a.state, status: a.status }, style: { background: `var(--${kind})` } },
        el('div', { className: 'name', title: a.name ?? a.id }, a.name ?? a.id),
        el('div', { className: 'state' }, kind === a.status ? STATUS_LABEL[a.status] : (STATE_LABEL[a.state] ?? a.state)),
        el('div', { className: 'since', dataset: { since: String(since) } }, duration(now - since)),
      );
    });
  $('agents').replaceChildren(...tiles);
}

function renderClock() {
  const c = last.state.clock;
  $('now').textContent = wallTime(nowT());
  $('mode').textContent = c.mode === 'realtime' ? `real time ×${c.speed}` : 'manual';
  $('controls').hidden = c.mode !== 'manual';
  for (const s of document.querySelectorAll('.agent .since')) s.textContent = duration(nowT() - Number(s.dataset.since));
}

async function refresh() {
  const [state, kpis, scenario] = await Promise.all([get('/state'), get('/kpis'), last?.scenario ?? get('/scenario')]);
  last = { state, kpis, scenario, start: Date.parse(scenario.start), at: performance.now() };
  $('scenario').textContent = `${scenario.name} · seed ${scenario.seed}`;
  renderQueues();
  renderAgents();
  renderClock();
  document.body.dataset.seq = String(kpis.events);
  problem(null);
}

let pending = null;
function refreshSoon() {
  pending ??= setTimeout(() => {
    pending = null;
    refresh().catch(problem);
  }, REFRESH_MS);
}

function describe(e) {
  const who = [e.agent && `agent ${e.agent}`, e.queue && `queue ${e.queue}`].filter(Boolean).join(', ');
  const extra = e.reason ?? e.status ?? e.state ?? e.cause ?? '';
  return `${e.type}${who ? ` · ${who}` : ''}${extra ? ` · ${extra}` : ''}`;
}

function ticker(e) {
  const list = $('events');
  list.prepend(el('li', { dataset: { type: e.type, seq: String(e.seq) } }, el('time', {}, last ? wallTime(e.t) : ''), describe(e)));
  while (list.children.length > MAX_TICKER) list.lastChild.remove();
}

function follow() {
  const source = new EventSource(url('/events/stream'));
  for (const type of types) source.addEventListener(type, (m) => {
    ticker(JSON.parse(m.data));
    refreshSoon();
  });
  source.addEventListener('reset', () => {
    // A reset or a new scenario: another world, read whole.
    $('events').replaceChildren();
    if (last) last.scenario = null;
    refreshSoon();
  });
  source.addEventListener('gap', refreshSoon);
  source.onerror = () => {
    // A refused stream (a wrong token) is not retried: the reason the reads gave stays on screen.
    if (source.readyState === EventSource.CLOSED) return;
    problem(new Error('the event stream is down; retrying'));
  };
  source.onopen = () => refreshSoon();
}

for (const b of document.querySelectorAll('[data-advance]')) {
  b.addEventListener('click', () => post('/clock/advance', { seconds: Number(b.dataset.advance) }).then(refresh, problem));
}
$('controls').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const [h, m, s] = $('until').value.split(':').map(Number);
  // The time of day on the virtual clock's current day.
  const day = new Date(last.start + nowT());
  day.setUTCHours(h, m, s ?? 0, 0);
  post('/clock/run-until', { t: day.getTime() - last.start }).then(refresh, problem);
});

$('legend').append(...['waiting', 'receiving', 'in_queue_call', 'idle', 'on_break', 'logged_out'].map((k) => el('span', {}, el('i', { style: { background: `var(--${k})` } }), STATE_LABEL[k] ?? STATUS_LABEL[k])));
setInterval(() => last && renderClock(), 500);
refresh()
  .catch(problem)
  .finally(follow);

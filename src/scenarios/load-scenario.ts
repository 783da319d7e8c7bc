/**
 * Reads scenarios.yaml (or a JSON/YAML text): parses it, validates it against
 * schemas/scenario.schema.json, checks what a schema cannot (ids unique, references resolve), and
 * resolves one named scenario into what the engine runs. Every problem is reported with the file,
 * line, key path and what was expected; nothing here throws anything but a ScenarioError.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, Pair, Scalar, YAMLMap, isMap, parseDocument, type Document } from 'yaml';
import type { AnswerSpec as AnswerYaml, Arrivals as ArrivalsYaml, ScenarioFile, ScenarioSpec, TimelineEntry as TimelineYaml } from '../generated/scenario.js';
import type { Distribution } from './kernel/distributions.js';
import { DEFAULT_AGENT_CONFIG, DEFAULT_QUEUE_CONFIG, withQueueRules, type QueueConfig } from './callcenter/queue-config.js';
import { checkQueuePatch } from './callcenter/commands.js';
import { DomainError } from './callcenter/errors.js';
import type { AnswerSpec } from './callcenter/model.js';
import { durationMs } from './duration.js';
import { WRAP_UP_REASONS, type AgentSetup, type Arrivals, type CallerGroup, type PactStateSetup, type ResolvedScenario, type ScenarioFaultSetup, type TimelineEntry, type WrapUpReason } from './scenario.js';

export interface ScenarioProblem {
  file: string;
  line: number | null;
  column: number | null;
  /** Key path in the file, like scenarios.default.queues[0].strategy. */
  path: string;
  message: string;
}

export class ScenarioError extends Error {
  constructor(readonly problems: ScenarioProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ScenarioError';
  }
}

export function formatProblem(p: ScenarioProblem): string {
  const where = p.line !== null ? `${p.file}:${p.line}:${p.column}` : p.file;
  return `${where}: ${p.path || '(top level)'}: ${p.message}`;
}

const DEFAULT_START = '2026-11-20T09:00:00Z';
/** The actions a `pact_states:` step may take, one per step (a timeline entry's but its fault). */
const PACT_STEP_ACTIONS = ['status', 'state', 'external_call', 'dial_out', 'rest', 'call', 'set'] as const;
const PLACEHOLDER = /\{[A-Za-z_][A-Za-z0-9_]*\}/;
const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The end of virtual time: 100 years (of 365.25 days) in ms after a scenario's start. Every time and
 * duration of a scenario, and every time the admin clock is moved to, is at most this, and so is any one
 * draw of a distribution; the scheduler's keys stay exact well beyond the sum of two (2^46 ms), and
 * `new Date(start + t)` stays valid for any start a scenario can give.
 */
export const MAX_VIRTUAL_MS = 3_155_760_000_000;
/** The same bound in seconds: the largest number a scenario may hold anywhere (outside `apis`). */
export const MAX_SCENARIO_NUMBER = MAX_VIRTUAL_MS / 1000;
/** |z| of a standard normal draw is below this: Box–Muller's largest from a 53-bit uniform is 8.57. */
const Z_MAX = 8.6;
/** Alias nodes a YAML text may expand (a "billion laughs" text is refused, fast). */
const MAX_YAML_ALIASES = 100;
const DEFAULT_TALK: Distribution = { distribution: 'exponential', mean: 180 };
const DEFAULT_OUTBOUND_ANSWER: Distribution = { distribution: 'uniform', min: 3, max: 15 };
const DEFAULT_WRAP_UP_REASONS: [WrapUpReason, number][] = [
  ['success', 0.8],
  ['no_answer', 0.05],
  ['call_back_later', 0.1],
  ['interrupted', 0.05],
];

let validator: ValidateFunction | null = null;
function validate(): ValidateFunction {
  // Compiled once per process: a validation leaves nothing behind that another one reads.
  if (!validator) {
    const require = createRequire(import.meta.url);
    const schema = require('../../schemas/scenario.schema.json');
    validator = new Ajv({ allErrors: true, strict: false, validateFormats: false, verbose: true }).compile(schema);
  }
  return validator;
}

/** A parsed, schema-valid scenario file and a way to point at its lines. */
export class ScenarioSource {
  private constructor(
    readonly file: string,
    readonly data: ScenarioFile,
    private readonly doc: Document | null,
    private readonly lines: LineCounter | null,
  ) {}

  /**
   * Parses a scenario file. With `asScenario`, the text is one scenario (no `scenarios:` key) named
   * that, unless it is a whole file after all; line numbers stay those of the text either way.
   */
  static parse(text: string, file: string, asScenario?: string): ScenarioSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      throw new ScenarioError(
        doc.errors.slice(0, 5).map((e) => {
          const pos = lines.linePos(e.pos[0]);
          return { file, line: pos.line, column: pos.col, path: '', message: `not valid YAML: ${e.message.split('\n')[0]}` };
        }),
      );
    }
    if (asScenario !== undefined && !(isMap(doc.contents) && doc.contents.has('scenarios'))) {
      const named = new YAMLMap();
      named.add(new Pair(new Scalar(asScenario), doc.contents));
      const file = new YAMLMap();
      file.add(new Pair(new Scalar('scenarios'), named));
      (doc as Document).contents = file;
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (err) {
      const bomb = /alias/i.test((err as Error).message);
      const message = bomb ? `expands aliases (*name) more than ${MAX_YAML_ALIASES} times; refused as a resource exhaustion` : `not valid YAML: ${(err as Error).message}`;
      throw new ScenarioError([{ file, line: null, column: null, path: '', message }]);
    }
    const source = new ScenarioSource(file, data as ScenarioFile, doc, lines);
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new ScenarioError([{ file, line: 1, column: 1, path: '', message: "must be a mapping with a 'scenarios' key" }]);
    }
    const v = validate();
    if (!v(data)) throw new ScenarioError(source.schemaProblems(v.errors ?? []));
    return source;
  }

  static fromFile(path: string): ScenarioSource {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new ScenarioError([{ file: path, line: null, column: null, path: '', message: code === 'ENOENT' ? 'file not found' : `cannot read the file (${code})` }]);
    }
    return ScenarioSource.parse(text, path);
  }

  get names(): string[] {
    return Object.keys(this.data.scenarios);
  }

  problem(path: (string | number)[], message: string): ScenarioProblem {
    let line: number | null = null;
    let column: number | null = null;
    const node = this.doc?.getIn(path, true) as { range?: [number, number, number] } | undefined;
    if (node?.range && this.lines) {
      const pos = this.lines.linePos(node.range[0]);
      line = pos.line;
      column = pos.col;
    }
    return { file: this.file, line, column, path: renderPath(path), message };
  }

  private schemaProblems(errors: ErrorObject[]): ScenarioProblem[] {
    return summarise(errors)
      .map(({ path, message }) => this.problem(path, message))
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  }
}

function renderPath(path: (string | number)[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

function splitPointer(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
}

/**
 * Turns Ajv's errors into one message per place: the deepest places only, and where alternatives
 * (anyOf) failed, the alternative that came closest.
 */
function summarise(errors: ErrorObject[]): { path: (string | number)[]; message: string }[] {
  const real = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  if (real.length === 0) return [{ path: [], message: 'does not match the scenario schema' }];
  const byPlace = new Map<string, ErrorObject[]>();
  for (const e of real) {
    const list = byPlace.get(e.instancePath) ?? [];
    list.push(e);
    byPlace.set(e.instancePath, list);
  }
  // Keep a place only if no deeper place lies below it.
  const places = [...byPlace.keys()].filter((p) => ![...byPlace.keys()].some((q) => q !== p && q.startsWith(p + '/')));
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const place of places.sort()) {
    const errs = closestAlternative(byPlace.get(place) as ErrorObject[]);
    const path = splitPointer(place);
    const types = [...new Set(errs.filter((e) => e.keyword === 'type').flatMap((e) => String(e.params.type).split(',')))];
    const consts = errs.filter((e) => e.keyword === 'const').map((e) => JSON.stringify(e.params.allowedValue));
    const seen = new Set<string>();
    for (const e of errs) {
      let msg: string;
      let at = path;
      if (e.keyword === 'type' || e.keyword === 'const') {
        msg = `must be ${[...types.map(article), ...consts].join(' or ')}`;
      } else if (e.keyword === 'additionalProperties') {
        at = [...path, String(e.params.additionalProperty)];
        msg = `unknown key '${e.params.additionalProperty}'`;
      } else if (e.keyword === 'required') {
        msg = `missing required key '${e.params.missingProperty}'`;
      } else if (e.keyword === 'enum') {
        msg = `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      } else if (e.keyword === 'pattern') {
        msg = place.endsWith('duration') || /Duration/.test(e.schemaPath) ? 'must be a duration like 90, "90s", "15m", "8h" or "1h30m"' : `must match ${e.params.pattern}`;
      } else {
        msg = e.message ?? 'is not valid';
      }
      const key = `${renderPath(at)}|${msg}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ path: at, message: msg + gotValue(e) });
    }
  }
  return out.slice(0, 20);
}

function gotValue(e: ErrorObject): string {
  if (!['enum', 'type', 'const', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum'].includes(e.keyword)) return '';
  const d = e.data;
  if (d === undefined || (typeof d === 'object' && d !== null)) return '';
  const s = JSON.stringify(d);
  return ` (got ${s.length > 40 ? s.slice(0, 40) + '…' : s})`;
}

function article(type: string): string {
  return { object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', integer: 'an integer', boolean: 'true or false', null: 'null' }[type] ?? type;
}

/**
 * Of errors at one place from several alternatives (anyOf branches or definitions), those of the
 * alternative that came closest: the fewest errors, and at a tie one whose type matched. When only
 * types failed everywhere, the types are merged ("must be a number or a mapping").
 */
function closestAlternative(errs: ErrorObject[]): ErrorObject[] {
  const groups = new Map<string, ErrorObject[]>();
  for (const e of errs) {
    const m = /^#\/definitions\/([^/]+)(\/anyOf\/\d+)?/.exec(e.schemaPath);
    const key = m ? m[1] + (m[2] ?? '') : e.schemaPath;
    const list = groups.get(key) ?? [];
    list.push(e);
    groups.set(key, list);
  }
  const typeOnly = (g: ErrorObject[]) => (g.every((e) => e.keyword === 'type' || e.keyword === 'const') ? 1 : 0);
  const ranked = [...groups.values()].sort((a, b) => a.length - b.length || typeOnly(a) - typeOnly(b));
  if (ranked.length === 0) return errs;
  if (typeOnly(ranked[0])) return ranked.filter((g) => typeOnly(g)).flat();
  return ranked[0];
}

// ---- resolving one scenario ---------------------------------------------------------------------

export interface LoadOptions {
  /** The scenario's name in the file (default: `default`, or the only one). */
  scenario?: string;
  seed?: number;
  /** Overrides the scenario's duration (a duration string or seconds). */
  duration?: string | number;
}

export function loadScenarioFile(path: string, options: LoadOptions = {}): ResolvedScenario {
  return resolveScenario(ScenarioSource.fromFile(path), options);
}

export function loadScenarioText(text: string, file: string, options: LoadOptions = {}): ResolvedScenario {
  return resolveScenario(ScenarioSource.parse(text, file), options);
}

export function resolveScenario(source: ScenarioSource, options: LoadOptions = {}): ResolvedScenario {
  const names = source.names;
  const name = options.scenario ?? (names.includes('default') || names.length !== 1 ? 'default' : names[0]);
  const spec = source.data.scenarios[name];
  if (!spec) {
    throw new ScenarioError([source.problem(['scenarios'], `no scenario named '${name}' (the file has: ${names.join(', ')})`)]);
  }
  return new Resolver(source, name, spec).resolve(options);
}

class Resolver {
  private readonly problems: ScenarioProblem[] = [];
  private readonly base: (string | number)[];

  constructor(
    private readonly source: ScenarioSource,
    private readonly name: string,
    private readonly spec: ScenarioSpec,
  ) {
    this.base = ['scenarios', name];
  }

  private fail(path: (string | number)[], message: string): void {
    this.problems.push(this.source.problem([...this.base, ...path], message));
  }

  /** As fail, unless the place has a problem already (a huge number is not also a bad duration). */
  private failOnce(path: (string | number)[], message: string): void {
    const problem = this.source.problem([...this.base, ...path], message);
    if (!this.problems.some((p) => p.path === problem.path)) this.problems.push(problem);
  }

  /** A duration in ms, refused (and 0) when it is not one or is past the end of virtual time. */
  private ms(path: (string | number)[], raw: number | string): number {
    let ms: number;
    try {
      ms = durationMs(raw);
    } catch {
      this.failOnce(path, `must be a duration like 90, "90s", "15m" or "8h" (got ${JSON.stringify(raw)})`);
      return 0;
    }
    if (!(ms <= MAX_VIRTUAL_MS)) {
      this.failOnce(path, `must be at most 100 years (${MAX_SCENARIO_NUMBER} s) (got ${JSON.stringify(raw)})`);
      return 0;
    }
    return ms;
  }

  /** Numbers no clock or counter can hold (1e308, 9e15): refused wherever they are, before anything uses them. */
  private hugeNumbers(value: unknown, path: (string | number)[]): void {
    if (typeof value === 'number') {
      if (!(Math.abs(value) <= MAX_SCENARIO_NUMBER)) this.failOnce(path, `must be at most ${MAX_SCENARIO_NUMBER} (100 years in seconds) (got ${value})`);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => this.hugeNumbers(v, [...path, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) if (!(path.length === 0 && k === 'apis')) this.hugeNumbers(v, [...path, k]);
    }
  }

  resolve(options: LoadOptions): ResolvedScenario {
    const s = this.spec;
    const startRaw = s.start ?? DEFAULT_START;
    const startParsed = Date.parse(startRaw);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(startRaw) || Number.isNaN(startParsed)) this.fail(['start'], `must be an ISO 8601 date-time like ${DEFAULT_START} (got ${JSON.stringify(startRaw)})`);
    const startMs = Math.floor((Number.isNaN(startParsed) ? Date.parse(DEFAULT_START) : startParsed) / 1000) * 1000;
    this.hugeNumbers(s, []);
    const durationRaw = options.duration ?? s.duration ?? '8h';
    const duration = this.ms(['duration'], durationRaw);
    if (duration <= 0) this.failOnce(['duration'], 'must be longer than 0');
    const warmup = this.ms(['warmup'], s.warmup ?? 0);
    if (warmup >= duration && duration > 0) this.fail(['warmup'], 'must be shorter than the duration');

    const queues = this.queues();
    const queueIds = new Set(queues.map((q) => q.id));
    const agents = this.agents(queueIds);
    const agentIds = new Set(agents.map((a) => a.id));
    const callers = this.callers(queueIds);
    const faults: ScenarioFaultSetup[] = [];
    (s.faults ?? []).forEach((f, i) => {
      const from = f.from === undefined ? undefined : this.ms(['faults', i, 'from'], f.from) / 1000;
      const until = f.until === undefined ? undefined : this.ms(['faults', i, 'until'], f.until) / 1000;
      if (from !== undefined && until !== undefined && until <= from) this.fail(['faults', i, 'until'], 'must be after from');
      faults.push({ match: f.match, fault: f.fault, ...(f.probability !== undefined ? { probability: f.probability } : {}), ...(f.times !== undefined ? { times: f.times } : {}), ...(from !== undefined ? { from } : {}), ...(until !== undefined ? { until } : {}) });
    });
    // The timeline's faults follow the scenario's own.
    const timeline = this.timeline(queueIds, agentIds, faults);
    const pactStates = this.pactStates(queueIds, agentIds);
    if (this.problems.length > 0) throw new ScenarioError(this.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
    return {
      name: this.name,
      seed: options.seed ?? s.seed ?? 1,
      startMs,
      durationMs: duration,
      warmupMs: warmup,
      serviceLevelSeconds: s.service_level_seconds ?? 20,
      queues,
      agents,
      callers,
      timeline,
      wrapUpReasons: this.wrapUpReasons(),
      outbound: {
        answerProbability: s.outbound?.answer_probability ?? 0.8,
        answerAfter: s.outbound?.answer_after === undefined ? DEFAULT_OUTBOUND_ANSWER : this.dist(['outbound', 'answer_after'], s.outbound.answer_after),
        noAnswerAfterSec: s.outbound?.no_answer_after ?? 30,
      },
      restMaxAgents: s.rest?.max_agents ?? null,
      apis: (s.apis as Record<string, unknown> | undefined) ?? {},
      faults,
      ...(pactStates.length > 0 ? { pactStates } : {}),
    };
  }

  private queues() {
    const seen = new Set<string>();
    return this.spec.queues.map((q, i) => {
      if (seen.has(q.id)) this.fail(['queues', i, 'id'], `duplicate queue id '${q.id}'`);
      seen.add(q.id);
      const { id, name, ...params } = q;
      const config: QueueConfig = withQueueRules({ ...DEFAULT_QUEUE_CONFIG, ...(params as Partial<QueueConfig>) });
      return { id, name: name ?? id, config };
    });
  }

  private agents(queueIds: Set<string>): AgentSetup[] {
    const out: AgentSetup[] = [];
    const seen = new Set<string>();
    (this.spec.agents ?? []).forEach((entry, i) => {
      if ((entry.id === undefined) === (entry.count === undefined)) {
        this.fail(['agents', i], "needs either 'id' (one agent) or 'count' (a group of agents), not both");
        return;
      }
      const group = entry.count !== undefined;
      const wrongKeys = group ? (['name', 'number', 'history'] as const).filter((k) => entry[k] !== undefined) : entry.id_prefix !== undefined ? ['id_prefix'] : [];
      for (const k of wrongKeys) this.fail(['agents', i, k], group ? `'${k}' belongs to one agent, not to a group with 'count'` : "'id_prefix' belongs to a group with 'count'");
      const count = entry.count ?? 1;
      for (let k = 1; k <= count; k++) {
        const id = group ? `${entry.id_prefix ?? 'agent'}-${k}` : (entry.id as string);
        if (seen.has(id)) {
          this.fail(['agents', i, group ? 'id_prefix' : 'id'], `duplicate agent id '${id}'`);
          return;
        }
        seen.add(id);
        const tiers = (entry.queues ?? []).map((t, j) => {
          if (!queueIds.has(t.queue)) this.fail(['agents', i, 'queues', j, 'queue'], `unknown queue '${t.queue}' (queues: ${[...queueIds].join(', ')})`);
          return { queue: t.queue, level: t.level ?? 0, position: t.position ?? (group ? k : 0) };
        });
        const dup = tiers.find((t, j) => tiers.findIndex((u) => u.queue === t.queue) !== j);
        if (dup && k === 1) this.fail(['agents', i, 'queues'], `queue '${dup.queue}' is listed twice`);
        const answerList = entry.answer === undefined ? [{ after: 0 } as AnswerYaml] : Array.isArray(entry.answer) ? entry.answer : [entry.answer];
        const answerPath = Array.isArray(entry.answer) ? (j: number) => ['agents', i, 'answer', j] : () => ['agents', i, 'answer'];
        out.push({
          id,
          name: entry.name ?? null,
          number: entry.number ?? null,
          type: entry.type ?? 'local',
          status: entry.status ?? 'available',
          config: {
            call_timeout: entry.call_timeout ?? DEFAULT_AGENT_CONFIG.call_timeout,
            wrap_up_time: entry.wrap_up_time ?? DEFAULT_AGENT_CONFIG.wrap_up_time,
            busy_delay_time: entry.busy_delay_time ?? DEFAULT_AGENT_CONFIG.busy_delay_time,
            reject_delay_time: entry.reject_delay_time ?? DEFAULT_AGENT_CONFIG.reject_delay_time,
            no_answer_delay_time: entry.no_answer_delay_time ?? DEFAULT_AGENT_CONFIG.no_answer_delay_time,
            max_no_answer: entry.max_no_answer ?? DEFAULT_AGENT_CONFIG.max_no_answer,
          },
          answer: answerList.map((a, j) => this.answerSpec(a, answerPath(j), k === 1)),
          talkTime: entry.talk_time === undefined ? DEFAULT_TALK : k === 1 ? this.dist(['agents', i, 'talk_time'], entry.talk_time) : (entry.talk_time as Distribution),
          tiers,
          history: {
            lastBridgeEndMs: entry.history?.last_bridge_end === undefined ? null : Math.round(entry.history.last_bridge_end * 1000),
            callsAnswered: entry.history?.calls_answered ?? 0,
            talkTime: entry.history?.talk_time ?? 0,
          },
        });
      }
    });
    return out;
  }

  private callers(queueIds: Set<string>): CallerGroup[] {
    return (this.spec.callers ?? []).map((c, i) => {
      if (!queueIds.has(c.queue)) this.fail(['callers', i, 'queue'], `unknown queue '${c.queue}' (queues: ${[...queueIds].join(', ')})`);
      return {
        queue: c.queue,
        arrivals: this.arrivals(c.arrivals, ['callers', i, 'arrivals']),
        patience: c.patience === undefined ? null : this.dist(['callers', i, 'patience'], c.patience),
        numbers: c.numbers ?? [],
        baseScore: c.base_score ?? 0,
        timeInSystem: c.time_in_system === undefined ? 0 : this.dist(['callers', i, 'time_in_system'], c.time_in_system),
        releasesFirst: c.releases_first ?? 0.5,
        exitKeyAfter: c.exit_key_after === undefined ? null : this.dist(['callers', i, 'exit_key_after'], c.exit_key_after),
      };
    });
  }

  private wrapUpReasons(): [WrapUpReason, number][] {
    const weights = this.spec.wrap_up_reasons;
    if (weights === undefined) return DEFAULT_WRAP_UP_REASONS;
    const out = WRAP_UP_REASONS.filter((r) => (weights[r] ?? 0) > 0).map((r): [WrapUpReason, number] => [r, weights[r] as number]);
    if (out.length === 0) this.fail(['wrap_up_reasons'], 'needs at least one reason with a weight above 0');
    return out;
  }

  /** The timeline's world changes; its fault entries go to `faults` (the door's, not the world's). */
  private timeline(queueIds: Set<string>, agentIds: Set<string>, faults: ScenarioFaultSetup[]): TimelineEntry[] {
    const out: TimelineEntry[] = [];
    (this.spec.timeline ?? []).forEach((e: TimelineYaml, i) => {
      const atMs = this.ms(['timeline', i, 'at'], e.at);
      const actions = (['status', 'state', 'external_call', 'dial_out', 'rest', 'call', 'set', 'fault'] as const).filter((k) => e[k] !== undefined);
      if (actions.length !== 1) {
        this.fail(['timeline', i], `needs exactly one of status, state, external_call, dial_out, rest, call, set or fault${actions.length ? ` (has ${actions.join(', ')})` : ''}`);
        return;
      }
      if (e.fault !== undefined) {
        const until = e.for === undefined ? undefined : (atMs + this.ms(['timeline', i, 'for'], e.for)) / 1000;
        faults.push({ match: e.fault.match, fault: e.fault.fault, ...(e.fault.probability !== undefined ? { probability: e.fault.probability } : {}), ...(e.fault.times !== undefined ? { times: e.fault.times } : {}), from: atMs / 1000, ...(until !== undefined ? { until } : {}) });
        return;
      }
      if (e.for !== undefined) return this.fail(['timeline', i, 'for'], "'for' belongs to a fault entry");
      const action = actions[0];
      const needsAgent = action !== 'call' && action !== 'set';
      if (needsAgent) {
        if (e.agent === undefined) return this.fail(['timeline', i], `'${action}' needs 'agent'`);
        if (!agentIds.has(e.agent)) return this.fail(['timeline', i, 'agent'], `unknown agent '${e.agent}'`);
      }
      if (e.status !== undefined) out.push({ atMs, agent: e.agent as string, status: e.status });
      else if (e.state !== undefined) out.push({ atMs, agent: e.agent as string, state: e.state });
      else if (e.external_call !== undefined) out.push({ atMs, agent: e.agent as string, externalCall: e.external_call, direction: e.direction ?? 'outbound', number: e.number ?? null });
      else if (e.dial_out !== undefined) out.push({ atMs, agent: e.agent as string, dialOut: e.dial_out });
      else if (e.rest !== undefined) out.push({ atMs, agent: e.agent as string, rest: e.rest });
      else if (e.call !== undefined) {
        if (!queueIds.has(e.call.queue)) return this.fail(['timeline', i, 'call', 'queue'], `unknown queue '${e.call.queue}'`);
        out.push({ atMs, call: { queue: e.call.queue, number: e.call.number ?? null, patience: e.call.patience ?? null } });
      } else {
        if (e.queue === undefined) return this.fail(['timeline', i], "'set' needs 'queue'");
        if (!queueIds.has(e.queue)) return this.fail(['timeline', i, 'queue'], `unknown queue '${e.queue}'`);
        try {
          out.push({ atMs, queue: e.queue, set: checkQueuePatch(e.set as Record<string, unknown>) });
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          this.fail(['timeline', i, 'set', ...(err.field ? [err.field] : [])], err.message);
        }
      }
    });
    return out;
  }

  /**
   * `pact_states:` as written, checked for what holds whatever the parameters: a name's placeholders, one
   * action per step with the agent it needs, and the agents and queues named literally. Placeholders are
   * filled and the steps read as timeline entries when a verifier sets the state up (src/pact).
   */
  private pactStates(queueIds: Set<string>, agentIds: Set<string>): PactStateSetup[] {
    const out: PactStateSetup[] = [];
    for (const [name, steps] of Object.entries(this.spec.pact_states ?? {})) {
      const params = [...name.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
      const bad = params.find((p) => !PLACEHOLDER_NAME.test(p));
      if (bad !== undefined) this.fail(['pact_states', name], `'{${bad}}' is not a placeholder: a name in braces, letters, digits and '_'`);
      if (new Set(params).size !== params.length) this.fail(['pact_states', name], 'names a placeholder twice');
      steps.forEach((step, i) => {
        const path = ['pact_states', name, i];
        const actions = PACT_STEP_ACTIONS.filter((k) => step[k] !== undefined);
        if (actions.length !== 1) return this.fail(path, `needs exactly one of ${PACT_STEP_ACTIONS.join(', ')}${actions.length ? ` (has ${actions.join(', ')})` : ''}`);
        const action = actions[0];
        if (action !== 'call' && action !== 'set') {
          if (step.agent === undefined) return this.fail(path, `'${action}' needs 'agent'`);
          if (!PLACEHOLDER.test(step.agent) && !agentIds.has(step.agent)) return this.fail([...path, 'agent'], `unknown agent '${step.agent}'`);
        }
        const queue = action === 'call' ? step.call?.queue : action === 'set' ? step.queue : undefined;
        if (action === 'set' && queue === undefined) return this.fail(path, "'set' needs 'queue'");
        if (queue !== undefined && !PLACEHOLDER.test(queue) && !queueIds.has(queue)) this.fail([...path, ...(action === 'call' ? ['call', 'queue'] : ['queue'])], `unknown queue '${queue}'`);
      });
      out.push({ name, steps });
    }
    return out;
  }

  /** What the schema cannot say about a DIST: which parameters each distribution needs. */
  private dist(path: (string | number)[], d: unknown): Distribution {
    if (typeof d === 'number' || d === null || typeof d !== 'object') return d as Distribution;
    const x = d as Exclude<Distribution, number>;
    const need = (ok: boolean, message: string) => {
      if (!ok) this.fail(path, message);
    };
    switch (x.distribution) {
      case 'constant':
      case 'exponential':
        need(x.mean !== undefined, `a ${x.distribution} distribution needs 'mean'`);
        break;
      case 'normal':
        need(x.mean !== undefined && x.sd !== undefined, "a normal distribution needs 'mean' and 'sd'");
        break;
      case 'lognormal':
        need(x.mean !== undefined && x.mean > 0 && x.sd !== undefined, "a lognormal distribution needs 'mean' above 0 and 'sd'");
        break;
      case 'uniform':
        need(x.max !== undefined || x.mean !== undefined, "a uniform distribution needs 'max' (and optionally 'min'), or 'mean'");
        break;
    }
    if (x.min !== undefined && x.max !== undefined) need(x.min <= x.max, "'min' must not be above 'max'");
    const longest = longestDraw(x);
    if (longest > MAX_SCENARIO_NUMBER) this.failOnce(path, `its longest draw (${Number.isFinite(longest) ? `${longest.toPrecision(3)} s` : 'unbounded'}) is past 100 years (${MAX_SCENARIO_NUMBER} s): give it a smaller mean or sd, or a max`);
    return x;
  }

  private answerSpec(a: AnswerYaml, path: (string | number)[], report: boolean): AnswerSpec {
    if (a === 'never') return { kind: 'never' };
    const kinds = (['after', 'busy_after', 'reject_after'] as const).filter((k) => a[k] !== undefined);
    if (kinds.length !== 1 && report) this.fail(path, 'needs exactly one of after, busy_after or reject_after');
    if (a.after === undefined && (a.probability !== undefined || a.otherwise !== undefined) && report) this.fail(path, "'probability' and 'otherwise' go with 'after'");
    if (a.busy_after !== undefined) return { kind: 'busy', after: this.dist([...path, 'busy_after'], a.busy_after) };
    if (a.reject_after !== undefined) return { kind: 'reject', after: this.dist([...path, 'reject_after'], a.reject_after) };
    return {
      kind: 'answer',
      after: this.dist([...path, 'after'], a.after ?? 0),
      probability: a.probability ?? 1,
      otherwise: a.otherwise ? this.answerSpec(a.otherwise, [...path, 'otherwise'], report) : { kind: 'never' },
    };
  }

  private arrivals(a: ArrivalsYaml, path: (string | number)[]): Arrivals {
    const missing = (key: string) => {
      this.fail(path, `process '${a.process}' needs '${key}'`);
    };
    const extra = (keys: string[]) => {
      for (const k of keys) if ((a as unknown as Record<string, unknown>)[k] !== undefined) this.fail([...path, k], `'${k}' does not go with process '${a.process}'`);
    };
    if (a.process === 'poisson') {
      if (a.per_hour === undefined && a.hourly === undefined) missing('per_hour');
      extra(['at', 'count', 'spread']);
      return { process: 'poisson', perHour: a.per_hour ?? 0, hourly: a.hourly ?? null, fromMs: this.ms([...path, 'from'], a.from ?? 0), untilMs: a.until === undefined ? null : this.ms([...path, 'until'], a.until) };
    }
    extra(['per_hour', 'hourly', 'from', 'until']);
    if (a.process === 'fixed') {
      extra(['count', 'spread']);
      if (a.at === undefined) missing('at');
      const at = a.at === undefined ? [] : Array.isArray(a.at) ? a.at : [a.at];
      return { process: 'fixed', atMs: at.map((x, j) => this.ms([...path, 'at', ...(Array.isArray(a.at) ? [j] : [])], x)) };
    }
    if (a.at === undefined) missing('at');
    if (a.count === undefined) missing('count');
    if (Array.isArray(a.at)) this.fail([...path, 'at'], "a burst has one time in 'at'");
    return { process: 'burst', atMs: a.at === undefined || Array.isArray(a.at) ? 0 : this.ms([...path, 'at'], a.at), count: a.count ?? 1, spreadMs: this.ms([...path, 'spread'], a.spread ?? 0) };
  }
}

/** An upper bound of any draw of a described distribution (kernel/distributions.ts), in seconds. */
function longestDraw(d: Exclude<Distribution, number>): number {
  const mean = d.mean ?? 0;
  const sd = d.sd ?? 0;
  let x: number;
  switch (d.distribution) {
    case 'constant':
      x = mean;
      break;
    case 'exponential':
      // -mean·ln(1 - u) with u a 53-bit uniform below 1.
      x = mean * 53 * Math.LN2;
      break;
    case 'uniform':
      x = d.max ?? 2 * mean;
      break;
    case 'normal':
      x = mean + sd * Z_MAX;
      break;
    case 'lognormal': {
      const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
      x = mean * Math.exp(-sigma2 / 2 + Math.sqrt(sigma2) * Z_MAX);
      break;
    }
    default:
      x = 0;
  }
  if (Number.isNaN(x)) return Infinity;
  return d.max !== undefined && x > d.max ? d.max : x;
}

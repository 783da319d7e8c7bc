/**
 * The `ccsim` command line. `ccsim run` runs a scenario in batch, as fast as the CPU allows, and prints
 * its KPIs (a table, or one JSON object with --json), optionally writing the event log as NDJSON (src/run:
 * the run in slices, the event file, the progress bar on a terminal).
 * `ccsim list` names the scenarios of a file; `ccsim serve` loads the server side only when it runs, so
 * `run` and `list` start without Fastify and the views. Every command prints its usage with --help.
 * Problems with the input are printed as one readable message per problem, naming the flag or the
 * file's line, with exit code 2, never as a stack trace.
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { RunReport } from './scenarios/engine.js';
import { ScenarioError, ScenarioSource, resolveScenario } from './scenarios/load-scenario.js';
import { durationMs } from './scenarios/duration.js';
import type { ServeOptions } from './server.js';
import { tokenProblem } from './admin/token.js';
import { DEFAULT_CALL_LIMIT, EVENT_LOG_LIMIT } from './simulation.js';
import { DEFAULT_JOURNAL } from './instruments/journal.js';
import { DEFAULT_RECORD_BYTES } from './recording/recorder.js';
import { DEFAULT_SNAPSHOTS } from './recording/snapshots.js';
import { RecordingFileError } from './recording/format.js';
import { EventFile, eventTypes, typeFilter } from './run/event-file.js';
import { runBatch } from './run/batch.js';
import { DEFAULT_TENANT_DOMAINS, domainProblem } from './tenants/choice.js';
import { DEFAULT_MAX_TENANTS, DEFAULT_TENANT_IDLE_SECONDS } from './tenants/settings.js';

/** What --seed and --duration take, as the help and the flags' errors say it. */
const SEED_FORM = 'a whole number from 0 to 4294967295';
const DURATION_FORM = 'seconds (90) or a duration like 90s, 15m, 8h, 1d or 1h30m';

const USAGE = `Usage: ccsim COMMAND [flags]

  serve   serves the vendor APIs and /__admin over one simulated call center
  run     runs a scenario in batch and prints its KPIs
  replay  replays a recording of a served session and compares it with what was served
  list    lists the scenarios of a file
  pact    verifies consumer pacts against ccsim (pact verify PACT_FILE…)

ccsim COMMAND --help prints a command's flags; ccsim --version prints ccsim's version.`;

/** `serve`'s usage; `auth` names the views whose credential checks `--auth` can turn off (the registry's). */
const serveUsage = (auth: readonly string[]) => `Usage: ccsim serve [flags]

Serves the five vendor APIs and /__admin over one simulated call center until SIGTERM or SIGINT.
Every flag can also be set by the environment variable named after it; a flag wins.

  --port N           the port to listen on (default 8080; CCSIM_PORT, or PORT)
  --host ADDRESS     the address to listen on (default 0.0.0.0; CCSIM_HOST)
  --file FILE        the scenario file (default scenarios.yaml; CCSIM_FILE)
  --scenario NAME    the scenario to serve (default: default, or the file's only one; CCSIM_SCENARIO)
  --seed N           overrides the scenario's seed: ${SEED_FORM} (CCSIM_SEED)
  --clock MODE       realtime (the default): virtual time follows the wall clock; manual: time moves
                     only through /__admin/clock/advance and /__admin/clock/run-until (CCSIM_CLOCK)
  --speed N          realtime runs N times faster: above 0 and at most 100000 (default 1; CCSIM_SPEED)
  --log-level LEVEL  fatal, error, warn, info (the default), debug, trace or silent (CCSIM_LOG_LEVEL)
  --auth SETTING     on (the default), off, or API=off,… with API one of ${auth.join(', ')}: turns
                     those views' credential checks off for local development (CCSIM_AUTH)
  --admin-token TOKEN
                     /__admin (but GET /__admin/health) needs 'Authorization: Bearer TOKEN', or
                     ?token=TOKEN on a GET (CCSIM_ADMIN_TOKEN)
  --admin-token-file FILE
                     the same, read from a file such as a container secret (CCSIM_ADMIN_TOKEN_FILE)
  --retain-calls N   the newest finished calls the views keep as history (default ${DEFAULT_CALL_LIMIT};
                     CCSIM_RETAIN_CALLS)
  --retain-events N  the newest events /__admin/events and its stream keep (default ${EVENT_LOG_LIMIT};
                     CCSIM_RETAIN_EVENTS)
  --journal on|off   journal every exchange for /__admin/requests (default on; CCSIM_JOURNAL)
  --journal-entries N, --journal-bytes N
                     the journal's bounds (default ${DEFAULT_JOURNAL.maxEntries} entries, ${DEFAULT_JOURNAL.maxBytes} bytes; CCSIM_JOURNAL_ENTRIES,
                     CCSIM_JOURNAL_BYTES)
  --journal-body-bytes N
                     the most of each request and response body the journal keeps (default ${DEFAULT_JOURNAL.bodyCap};
                     CCSIM_JOURNAL_BODY_BYTES)
  --journal-credentials
                     show credentials in the journal instead of masking them (CCSIM_JOURNAL_CREDENTIALS=1)
  --record FILE      writes the recording (GET /__admin/recording) to FILE as it goes (CCSIM_RECORD)
  --record-bytes N   the recording kept in memory, at most (default ${DEFAULT_RECORD_BYTES}; 0 turns
                     recording off; CCSIM_RECORD_BYTES)
  --snapshots N      the snapshots kept at most (default ${DEFAULT_SNAPSHOTS}; CCSIM_SNAPSHOTS)
  --snapshot FILE    starts from a snapshot file (GET /__admin/snapshots/NAME), its scenario included
                     (CCSIM_SNAPSHOT)
  --max-tenants N    the most tenants (isolated worlds) at once, the default one included (default
                     ${DEFAULT_MAX_TENANTS}; CCSIM_MAX_TENANTS)
  --tenant-idle S    lets a tenant go after S seconds without a request, WebSocket or event stream
                     (default ${DEFAULT_TENANT_IDLE_SECONDS}; 0: never; CCSIM_TENANT_IDLE)
  --tenant-domains LIST
                     host names, comma-separated, under which a host's first label names the tenant
                     (default ${DEFAULT_TENANT_DOMAINS.join(',')}: team-a.localhost; CCSIM_TENANT_DOMAINS)
  --watch            reloads the scenario when --file changes (the world starts again); an edit that
                     breaks it is reported and the world goes on (CCSIM_WATCH=1)
  -h, --help         prints this

Logs are JSON lines (pino), or readable lines when stdout is a terminal.`;

const RUN_USAGE = `Usage: ccsim run [flags]

Runs a scenario in batch, as fast as the CPU allows, and prints its KPIs.

  --file FILE        the scenario file (default scenarios.yaml)
  --scenario NAME    the scenario to run (default: default, or the file's only one)
  --seed N           overrides the scenario's seed: ${SEED_FORM}
  --duration D       overrides its length: ${DURATION_FORM}
  --json             prints one JSON object instead of a table
  --events FILE      writes the event log to FILE as NDJSON, one {"seq","t","type",…} per line;
                     gzip-compressed when FILE ends in .gz
  --event-types LIST
                     only these event types in FILE, by commas: types (call.answered) or families (agent)
  -h, --help         prints this

On a terminal, a progress bar on stderr shows the virtual time done, the calls, events per second and
the time left (not with --json).`;

const REPLAY_USAGE = `Usage: ccsim replay FILE [flags]

Replays a recording (GET /__admin/recording, serve --record, or a snapshot file) in one process, as fast
as the CPU allows, and compares every response, frame, the event log and the KPIs with what was served.
Exit code 0 when they are the same (but the fields random by design), 1 when something differs.

  --events FILE      writes the replayed event log to FILE as NDJSON
  --responses FILE   writes the replayed responses and frames to FILE as NDJSON
  --json             prints one JSON object instead of a summary
  --to-scenario      prints the recording's world-changing inputs as scenario timeline entries instead
  -h, --help         prints this`;

const LIST_USAGE = `Usage: ccsim list [flags]

Lists the scenarios of a file, one a line with its description.

  --file FILE        the scenario file (default scenarios.yaml)
  -h, --help         prints this`;

/** Each command's usage: `ccsim COMMAND --help` prints it, and a mistake in that command's flags too. */
const COMMAND_USAGE: Record<string, string | (() => Promise<string>)> = { serve: async () => serveUsage(await switchableAuth()), run: RUN_USAGE, replay: REPLAY_USAGE, list: LIST_USAGE, pact: async () => (await import('./pact/verify-command.js')).PACT_USAGE };

/** The views whose credentials `--auth` can switch, from the registry: loaded only for `serve`, which needs the views anyway. */
async function switchableAuth(): Promise<readonly string[]> {
  return (await import('./simulators/registry.js')).SWITCHABLE_AUTH;
}

/** A command's usage text (serve's names the registry's views, so it is loaded for it). */
function usageOf(command: string): string | Promise<string> {
  const u = COMMAND_USAGE[command];
  return typeof u === 'function' ? u() : u;
}

/** Writes `text` (or what it resolves to) and returns `code` the same way: at once, or once it is written. */
function print(text: string | Promise<string>, write: (t: string) => void, code: number): number | Promise<number> {
  if (typeof text === 'string') {
    write(text + '\n');
    return code;
  }
  return text.then((t) => {
    write(t + '\n');
    return code;
  });
}

class UsageError extends Error {}

export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** stderr when it is a terminal: `run` draws its progress bar there. */
  terminal?: NodeJS.WritableStream;
}

const processOutput: Output = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t), terminal: process.stderr.isTTY ? process.stderr : undefined };

/** Runs one ccsim command; returns the exit code (`serve` resolves it when the server stops). */
export function main(argv: string[], io: Output = processOutput, env: NodeJS.ProcessEnv = process.env): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command !== undefined && Object.hasOwn(COMMAND_USAGE, command) && rest.some((a) => a === '--help' || a === '-h')) return print(usageOf(command), io.out, 0);
    switch (command) {
      case 'serve':
        // Fastify, the five views and OpenAPI load only here: `run` and `list` never need them.
        return switchableAuth()
          .then(async (auth) => {
            const options = serveOptions(rest, env, auth);
            const { serve } = await import('./server.js');
            return serve(options);
          })
          .catch((err) => report(err, io, command));
      case 'run':
        return run(rest, io).catch((err) => report(err, io, command));
      case 'replay':
        return replay(rest, io).catch((err) => report(err, io, command));
      case 'list':
        return list(rest, io);
      case 'pact':
        // The Pact verifier and the app load only here.
        return import('./pact/verify-command.js').then((m) => m.pactCommand(rest, io)).catch((err) => report(err, io, command));
      case '--version':
      case '-V':
        io.out(packageVersion() + '\n');
        return 0;
      case 'help':
      case '--help':
      case '-h': {
        const topic = rest[0];
        if (topic !== undefined && !Object.hasOwn(COMMAND_USAGE, topic)) throw new UsageError(`unknown command '${topic}'`);
        return print(topic === undefined ? USAGE : usageOf(topic), io.out, 0);
      }
      case undefined:
        io.err(USAGE + '\n');
        return 2;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (err) {
    return report(err, io, command);
  }
}

function report(err: unknown, io: Output, command: string | undefined): number | Promise<number> {
  const code = (err as { code?: string }).code;
  if (err instanceof ScenarioError) {
    io.err(`ccsim: the scenario has ${err.problems.length === 1 ? 'a problem' : 'problems'}:\n${err.message}\n`);
    return 2;
  }
  if (err instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
    const usage = command !== undefined && Object.hasOwn(COMMAND_USAGE, command) ? usageOf(command) : USAGE;
    const message = (u: string) => `ccsim: ${(err as Error).message}\n\n${u}`;
    return print(typeof usage === 'string' ? message(usage) : usage.then(message), io.err, 2);
  }
  if (err instanceof RecordingFileError) {
    io.err(`ccsim: ${(err as Error).message}\n`);
    return 2;
  }
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    io.err(`ccsim: cannot listen: ${(err as Error).message}\n`);
    return 2;
  }
  io.err(`ccsim: internal error: ${(err as Error).message}\n`);
  if (process.env.CCSIM_DEBUG) io.err(String((err as Error).stack) + '\n');
  return 1;
}

/** The version in package.json, which sits one level above src/ and dist/ alike (in a clone and in the image). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/**
 * node:util's parseArgs with a user's mistakes reworded to name the flag. A value that starts with a dash
 * is taken as the value (`--seed -1` is the seed -1, which the flag's own check then refuses, where
 * parseArgs would call it ambiguous); a flag with no value, a value given to a switch, an unknown flag
 * and a stray argument each get one plain sentence. The flags are then parsed as given, in `--name=value`
 * form, so the result keeps parseArgs's types.
 */
function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  const options = config.options ?? {};
  const { tokens } = parseArgs({ args: config.args, options, strict: false, allowPositionals: true, tokens: true });
  const args: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') throw new UsageError(`unexpected argument '${token.value}' (the command takes flags only)`);
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (option === undefined) throw new UsageError(`unknown option '${token.rawName}'`);
    if (option.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value (got '${token.rawName}=${token.value}')`);
      args.push(`--${token.name}`);
    } else {
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) throw new UsageError(`${token.rawName} needs a value`);
      args.push(`--${token.name}=${token.value}`);
    }
  }
  return parseArgs<T>({ ...config, args });
}

/** A flag's duration, checked as the flag it is (a file's duration is checked where the file is read). */
function durationFlag(text: string): string {
  let ms: number;
  try {
    ms = durationMs(text);
  } catch {
    throw new UsageError(`--duration must be ${DURATION_FORM} (got '${text}')`);
  }
  if (ms <= 0) throw new UsageError(`--duration must be longer than 0 (got '${text}')`);
  return text;
}

/** `serve` options from flags, then CCSIM_* environment variables, then defaults. */
export function serveOptions(args: string[], env: NodeJS.ProcessEnv, auth: readonly string[]): ServeOptions {
  const { values } = parseFlags({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      file: { type: 'string' },
      scenario: { type: 'string' },
      seed: { type: 'string' },
      clock: { type: 'string' },
      speed: { type: 'string' },
      'log-level': { type: 'string' },
      auth: { type: 'string' },
      'admin-token': { type: 'string' },
      'admin-token-file': { type: 'string' },
      'retain-calls': { type: 'string' },
      'retain-events': { type: 'string' },
      journal: { type: 'string' },
      'journal-entries': { type: 'string' },
      'journal-bytes': { type: 'string' },
      'journal-body-bytes': { type: 'string' },
      'journal-credentials': { type: 'boolean' },
      record: { type: 'string' },
      'record-bytes': { type: 'string' },
      snapshots: { type: 'string' },
      snapshot: { type: 'string' },
      watch: { type: 'boolean' },
      'max-tenants': { type: 'string' },
      'tenant-idle': { type: 'string' },
      'tenant-domains': { type: 'string' },
    },
    strict: true,
  });
  const pick = (flag: Exclude<keyof typeof values, 'journal-credentials' | 'watch'>, envName: string, ...more: string[]): string | undefined =>
    (values[flag] as string | undefined) ?? env[envName] ?? more.map((m) => env[m]).find((v) => v !== undefined);
  const port = pick('port', 'CCSIM_PORT', 'PORT') ?? '8080';
  if (!/^[0-9]+$/.test(port) || Number(port) > 65535) throw new UsageError(`--port must be a port number (got '${port}')`);
  const clock = pick('clock', 'CCSIM_CLOCK') ?? 'realtime';
  if (clock !== 'realtime' && clock !== 'manual') throw new UsageError(`--clock must be realtime or manual (got '${clock}')`);
  const speedText = pick('speed', 'CCSIM_SPEED') ?? '1';
  const speed = Number(speedText);
  if (!(Number.isFinite(speed) && speed > 0 && speed <= 100_000)) throw new UsageError(`--speed must be a number above 0 and at most 100000 (got '${speedText}')`);
  const seedText = pick('seed', 'CCSIM_SEED');
  if (seedText !== undefined && (!/^[0-9]+$/.test(seedText) || Number(seedText) > 4294967295)) throw new UsageError(`--seed must be a whole number from 0 to 4294967295 (got '${seedText}')`);
  const logLevel = pick('log-level', 'CCSIM_LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) throw new UsageError(`--log-level must be one of fatal, error, warn, info, debug, trace, silent (got '${logLevel}')`);
  const authOff = parseAuth(pick('auth', 'CCSIM_AUTH') ?? 'on', auth);
  // Flags win as a pair: --admin-token-file overrides CCSIM_ADMIN_TOKEN too.
  const flagged = values['admin-token'] !== undefined || values['admin-token-file'] !== undefined;
  const adminToken = flagged ? readAdminToken(values['admin-token'], values['admin-token-file']) : readAdminToken(env.CCSIM_ADMIN_TOKEN, env.CCSIM_ADMIN_TOKEN_FILE);
  const retainCalls = count('--retain-calls', pick('retain-calls', 'CCSIM_RETAIN_CALLS'), DEFAULT_CALL_LIMIT);
  const retainEvents = count('--retain-events', pick('retain-events', 'CCSIM_RETAIN_EVENTS'), EVENT_LOG_LIMIT);
  const journal = pick('journal', 'CCSIM_JOURNAL') ?? 'on';
  if (journal !== 'on' && journal !== 'off') throw new UsageError(`--journal must be on or off (got '${journal}')`);
  const journalEntries = count('--journal-entries', pick('journal-entries', 'CCSIM_JOURNAL_ENTRIES'), DEFAULT_JOURNAL.maxEntries);
  const journalBytes = count('--journal-bytes', pick('journal-bytes', 'CCSIM_JOURNAL_BYTES'), DEFAULT_JOURNAL.maxBytes, 1 << 30);
  const journalBodyBytes = count('--journal-body-bytes', pick('journal-body-bytes', 'CCSIM_JOURNAL_BODY_BYTES'), DEFAULT_JOURNAL.bodyCap, 1 << 20);
  const showCredentials = values['journal-credentials'] ?? (env.CCSIM_JOURNAL_CREDENTIALS === '1' || env.CCSIM_JOURNAL_CREDENTIALS === 'true');
  const recordBytes = count('--record-bytes', pick('record-bytes', 'CCSIM_RECORD_BYTES'), DEFAULT_RECORD_BYTES, 1 << 30);
  const snapshots = count('--snapshots', pick('snapshots', 'CCSIM_SNAPSHOTS'), DEFAULT_SNAPSHOTS, 1000);
  // The tenants' settings are in the options only when given (their defaults are the server's).
  const maxTenantsText = pick('max-tenants', 'CCSIM_MAX_TENANTS');
  const maxTenants = count('--max-tenants', maxTenantsText, DEFAULT_MAX_TENANTS, 10_000);
  if (maxTenants < 1) throw new UsageError('--max-tenants must be at least 1 (the default tenant)');
  const tenantIdleText = pick('tenant-idle', 'CCSIM_TENANT_IDLE');
  const tenantIdle = count('--tenant-idle', tenantIdleText, DEFAULT_TENANT_IDLE_SECONDS, 31_536_000);
  const tenantDomainsText = pick('tenant-domains', 'CCSIM_TENANT_DOMAINS');
  return {
    port: Number(port),
    host: pick('host', 'CCSIM_HOST') ?? '0.0.0.0',
    file: pick('file', 'CCSIM_FILE') ?? 'scenarios.yaml',
    scenario: pick('scenario', 'CCSIM_SCENARIO'),
    seed: seedText === undefined ? undefined : Number(seedText),
    clock,
    speed,
    logLevel,
    authOff,
    adminToken,
    retainCalls,
    retainEvents,
    instruments: { journal: { enabled: journal === 'on', maxEntries: Math.max(1, journalEntries), maxBytes: Math.max(1024, journalBytes), bodyCap: journalBodyBytes }, showCredentials },
    recording: { maxBytes: recordBytes, file: pick('record', 'CCSIM_RECORD'), maxSnapshots: snapshots },
    snapshot: pick('snapshot', 'CCSIM_SNAPSHOT'),
    ...((values.watch ?? (env.CCSIM_WATCH === '1' || env.CCSIM_WATCH === 'true')) && { watch: true }),
    ...(maxTenantsText !== undefined && { maxTenants }),
    ...(tenantIdleText !== undefined && { tenantIdleSeconds: tenantIdle }),
    ...(tenantDomainsText !== undefined && { tenantDomains: parseDomains(tenantDomainsText) }),
  };
}

/** `--tenant-domains`: host names, comma-separated. */
function parseDomains(text: string): string[] {
  const domains = text.split(',').map((d) => d.trim().toLowerCase().replace(/\.$/, ''));
  for (const d of domains) {
    const problem = domainProblem(d);
    if (problem) throw new UsageError(`--tenant-domains must be host names joined by commas: ${problem} (got '${text}')`);
  }
  return domains;
}

/** A whole number from 0 to `max` (10,000,000 by default) given to `flag`, or the default. */
function count(flag: string, text: string | undefined, fallback: number, max = 10_000_000): number {
  if (text === undefined) return fallback;
  if (!/^[0-9]+$/.test(text) || Number(text) > max) throw new UsageError(`${flag} must be a whole number from 0 to ${max} (got '${text}')`);
  return Number(text);
}

/** `--admin-token`, or the content of `--admin-token-file` (a container secret) without its final newline; never both. */
function readAdminToken(token: string | undefined, file: string | undefined): string | undefined {
  if (token !== undefined && file !== undefined) throw new UsageError('give --admin-token or --admin-token-file, not both');
  let text = token;
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new UsageError(`cannot read --admin-token-file '${file}' (${(err as NodeJS.ErrnoException).code})`);
    }
  }
  if (text === undefined) return undefined;
  const problem = tokenProblem(text);
  // The token itself is never echoed: the message may end up in a CI log.
  if (problem) throw new UsageError(`--admin-token ${problem}${file !== undefined ? ` (in '${file}')` : ''}`);
  return text;
}

/** `--auth`: `on`, `off` (every API), or `api=off|on,…`; returns the APIs whose checks are off. */
function parseAuth(text: string, names: readonly string[]): string[] {
  if (text === 'on') return [];
  if (text === 'off') return [...names];
  const off = new Set<string>();
  for (const part of text.split(',')) {
    const m = /^([a-z_]+)=(on|off)$/.exec(part.trim());
    if (!m || !names.includes(m[1])) throw new UsageError(`--auth must be on, off or API=on|off,… with API one of ${names.join(', ')} (got '${text}')`);
    if (m[2] === 'off') off.add(m[1]);
    else off.delete(m[1]);
  }
  return [...off];
}

async function replay(args: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { events: { type: 'string' }, responses: { type: 'string' }, json: { type: 'boolean', default: false }, 'to-scenario': { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'replay needs the recording FILE' : `replay takes one FILE (got ${positionals.length})`);
  // The app and the views load only here, as for serve.
  const { replayCommand } = await import('./recording/replay-command.js');
  return replayCommand({ file: positionals[0], events: values.events, responses: values.responses, json: values.json ?? false, toScenario: values['to-scenario'] ?? false }, io.out);
}

function list(args: string[], io: Output): number {
  const { values } = parseFlags({ args, options: { file: { type: 'string', default: 'scenarios.yaml' } }, strict: true });
  const source = ScenarioSource.fromFile(values.file as string);
  for (const name of source.names) {
    const d = source.data.scenarios[name].description;
    io.out(d ? `${name}\t${d}\n` : `${name}\n`);
  }
  return 0;
}

async function run(args: string[], io: Output): Promise<number> {
  const { values } = parseFlags({
    args,
    options: {
      file: { type: 'string', default: 'scenarios.yaml' },
      scenario: { type: 'string' },
      seed: { type: 'string' },
      duration: { type: 'string' },
      json: { type: 'boolean', default: false },
      events: { type: 'string' },
      'event-types': { type: 'string' },
    },
    strict: true,
  });
  let seed: number | undefined;
  if (values.seed !== undefined) {
    if (!/^[0-9]+$/.test(values.seed) || Number(values.seed) > 4294967295) throw new UsageError(`--seed must be ${SEED_FORM} (got '${values.seed}')`);
    seed = Number(values.seed);
  }
  const duration = values.duration === undefined ? undefined : durationFlag(values.duration);
  let keep: ((type: string) => boolean) | null = null;
  if (values['event-types'] !== undefined) {
    if (values.events === undefined) throw new UsageError('--event-types needs --events FILE');
    const filter = typeFilter(values['event-types'], eventTypes());
    if ('problem' in filter) throw new UsageError(filter.problem);
    keep = filter.keep;
  }
  const scenario = resolveScenario(ScenarioSource.fromFile(values.file as string), { scenario: values.scenario, seed, duration });
  let sink: EventFile | null = null;
  if (values.events) {
    try {
      sink = new EventFile(values.events, keep);
    } catch (err) {
      throw new UsageError(`cannot write --events file '${values.events}' (${(err as NodeJS.ErrnoException).code})`);
    }
  }
  const terminal = values.json ? undefined : io.terminal;
  // cli-progress loads only for a terminal.
  const Progress = terminal ? (await import('./run/progress.js')).RunProgress : null;
  const { report, wallMs } = await runBatch(scenario, sink, (total) => (Progress && terminal ? new Progress(terminal, total, scenario.name) : null));
  const out = { scenario: report.scenario, seed: report.seed, simulated_seconds: report.simulated_seconds, events: report.events, wall_ms: wallMs, ...withoutHeader(report) };
  io.out(values.json ? JSON.stringify(out) + '\n' : table(out));
  return 0;
}

function withoutHeader(r: RunReport) {
  const { scenario: _s, seed: _seed, simulated_seconds: _sim, events: _e, ...rest } = r;
  return rest;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const sec = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)} s`);

function table(r: RunReport & { wall_ms: number }): string {
  const lines = [
    `scenario ${r.scenario}  seed ${r.seed}  ${r.simulated_seconds} s simulated in ${r.wall_ms} ms  (${r.events} events)`,
    '',
    `calls offered      ${r.calls.offered}`,
    `  answered         ${r.calls.answered}`,
    `  abandoned        ${r.calls.abandoned}`,
    `  timed out        ${r.calls.timed_out}`,
    `  turned away      ${r.calls.rejected}`,
    `  in progress      ${r.calls.in_progress}`,
    `service level      ${pct(r.service_level)} answered within ${r.service_level_seconds} s`,
    `ASA                ${sec(r.asa_seconds)}`,
    `mean wait          ${sec(r.mean_wait_seconds)}`,
    `max wait           ${sec(r.max_wait_seconds)}`,
    `occupancy          ${pct(r.occupancy)}`,
    '',
    'queue              calls   service level   ASA       mean wait',
  ];
  for (const [id, q] of Object.entries(r.queues)) {
    lines.push(`${id.padEnd(18)} ${String(q.calls).padStart(5)}   ${pct(q.service_level).padStart(13)}   ${sec(q.asa_seconds).padStart(7)}   ${sec(q.mean_wait_seconds).padStart(9)}`);
  }
  return lines.join('\n') + '\n';
}


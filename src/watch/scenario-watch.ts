/**
 * `ccsim serve --watch`: the scenario file watched (chokidar: editors that save through a temporary file
 * and a rename included), and on each edit that changes its text, the served scenario loaded again from
 * it, as `PUT /__admin/scenario {name, seed}` would, through the app's own door: so the world resets to
 * the edited scenario, and the journal and the recording hold the reload like any other client's. An
 * edit that breaks the file (bad YAML, a value the schema refuses, a fault that cannot be armed) is
 * reported with each problem's file:line:column and changes nothing: the world goes on. Which scenario
 * is reloaded: the one the world serves when the file has it (a client may have picked another by
 * name), else the one `serve` started with; its seed is `--seed`'s, or the file's.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { watch } from 'chokidar';
import type { FastifyInstance } from 'fastify';
import { ScenarioError, ScenarioSource, resolveScenario } from '../scenarios/load-scenario.js';
import { checkScenario } from '../instruments/instruments.js';
import type { Simulation } from '../simulation.js';

export interface WatchOptions {
  file: string;
  /** The scenario `serve` was asked for (`--scenario`), and `--seed`. */
  scenario?: string;
  seed?: number;
  adminToken?: string;
}

/** Edits closer together than this are one edit (an editor writes a file in several steps). */
const SETTLE_MS = 100;

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Starts watching; returns what stops it. */
export function watchScenario(app: FastifyInstance, simulation: Simulation, options: WatchOptions): () => Promise<void> {
  const { file } = options;
  let seen = digest(readText(file) ?? '');
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const watcher = watch(file, { ignoreInitial: true, atomic: true, persistent: false });

  const reload = async (): Promise<void> => {
    const text = readText(file);
    if (text === null) return void app.log.warn({ file }, 'the scenario file is gone; the world goes on (--watch reloads it when it is back)');
    const hash = digest(text);
    if (hash === seen) return;
    seen = hash;
    let name: string;
    try {
      const source = ScenarioSource.parse(text, file);
      name = source.names.includes(simulation.scenario.name) ? simulation.scenario.name : (options.scenario ?? resolveScenario(source, {}).name);
      // Every problem found here, with its line, before anything is applied.
      checkScenario(resolveScenario(source, { scenario: name, seed: options.seed }));
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      app.log.error({ file, problems: err.problems.length }, `the edited scenario file is refused; the world goes on with the scenario it had:\n${err.message}`);
      return;
    }
    const r = await app.inject({
      method: 'PUT',
      url: '/__admin/scenario',
      headers: { 'content-type': 'application/json', ...(options.adminToken !== undefined && { authorization: `Bearer ${options.adminToken}` }) },
      payload: JSON.stringify(options.seed === undefined ? { name } : { name, seed: options.seed }),
    });
    if (r.statusCode === 200) app.log.info({ file, scenario: name, seed: simulation.scenario.seed }, 'scenario reloaded (--watch): the world starts again');
    else app.log.error({ file, status: r.statusCode }, `the edited scenario could not be loaded; the world goes on: ${(r.json() as { error?: { message?: string } }).error?.message ?? r.body}`);
  };

  const edited = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      // One reload at a time, in the order of the edits.
      running = running.then(reload).catch((err: unknown) => app.log.error({ err, file }, 'reloading the scenario failed'));
    }, SETTLE_MS);
  };
  watcher.on('change', edited).on('add', edited).on('unlink', edited);
  watcher.on('error', (err) => app.log.warn({ err, file }, 'watching the scenario file failed'));
  app.log.info({ file }, 'watching the scenario file (--watch)');
  return async () => {
    if (timer) clearTimeout(timer);
    await watcher.close();
    await running;
  };
}

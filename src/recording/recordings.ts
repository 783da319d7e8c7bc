/**
 * One world's recording and snapshots, as its app serves them (a later tenant has its own): the recorder
 * fed by the door's tap, the snapshots, and replaying into this live world (PUT /__admin/recording, a
 * restore, `serve --snapshot`). A live replay is exclusive: other clients' requests wait at the door
 * until it is over, their WebSockets are closed first (1012; the world they knew is gone), the journal
 * takes none of the replayed exchanges (it says what clients sent), faults added through the admin plane
 * go (the recording adds its own again), and webhooks are not delivered again. Afterwards the recording
 * is the one replayed, and goes on from there; the clock goes on in the mode the replay left it in, or
 * stands still (manual) after PUT /__admin/recording, to be stepped through.
 */
import type { FastifyInstance } from 'fastify';
import type { Instruments } from '../instruments/instruments.js';
import type { ViewContext } from '../simulators/shared/view.js';
import type { Simulation } from '../simulation.js';
import { RequestProblem } from '../simulators/shared/problem.js';
import { CCSIM_VERSION, FORMAT, HEADER_TYPE, parseRecording, type Header, type Recording, type ServeSettings } from './format.js';
import { DEFAULT_RECORD_BYTES, Recorder } from './recorder.js';
import { recordedScenario, Replayer, type ReplayReport } from './replayer.js';
import { DEFAULT_SNAPSHOTS, Snapshots, type SnapshotInfo } from './snapshots.js';
import { Tap } from './tap.js';
import { isDeepStrictEqual } from 'node:util';

export interface RecordingOptions {
  /** Bytes of recording kept in memory (`serve --record-bytes`; default 64 MiB; 0 turns recording off). */
  maxBytes?: number;
  /** Where `serve --record` writes it as it goes. */
  file?: string;
  /** Snapshots kept at most (`serve --snapshots`; default 16). */
  maxSnapshots?: number;
}

export class Recordings {
  readonly recorder: Recorder;
  readonly tap: Tap;
  readonly snapshots: Snapshots;
  private app: FastifyInstance | null = null;
  private busy = false;

  constructor(
    private readonly sim: Simulation,
    private readonly instruments: Instruments,
    private readonly settings: ServeSettings,
    private readonly scenarioFile: string,
    options: RecordingOptions = {},
  ) {
    const maxBytes = options.maxBytes ?? DEFAULT_RECORD_BYTES;
    this.recorder = new Recorder(sim, (details, message) => this.app?.log.warn(details, message), maxBytes, this.header(), options.file);
    // A scenario that JSON cannot carry exactly (it has none today) could not be replayed from the header.
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(sim.scenario)), sim.scenario)) this.recorder.stop('the scenario cannot be written into a recording exactly');
    this.tap = new Tap(sim, this.recorder, settings.body_limit);
    this.snapshots = new Snapshots(options.maxSnapshots ?? DEFAULT_SNAPSHOTS);
  }

  /** The tap's hooks at the app's door (before the instruments'), and the app that replays go through. */
  attach(app: FastifyInstance): void {
    this.app = app;
    this.tap.install(app);
  }

  /** The instruments the views get, with their WebSockets tapped. */
  viewInstruments(inner: ViewContext['instruments']): ViewContext['instruments'] {
    return this.tap.instruments(inner);
  }

  /** The recording so far, as NDJSON, its end line as of now. */
  text(): string {
    return this.recorder.text();
  }

  /** PUT /__admin/recording: the world reset and replayed to the recording's end, then the clock in manual mode. */
  async load(text: string): Promise<ReplayReport> {
    const rec = parseRecording(text);
    return this.replay(rec, 'manual');
  }

  /** POST /__admin/snapshots: the world now, as a recording that ends now. */
  take(name: string): SnapshotInfo {
    this.idle();
    if (!this.recorder.complete) throw new RequestProblem('conflict', `no snapshot can be made: ${this.recorder.reason}`, { field: 'name' });
    const copy = this.recorder.copy();
    const bytes = copy.lines.reduce((n, l) => n + l.length + 1, JSON.stringify(copy.header).length + JSON.stringify(copy.end).length + 2);
    return this.snapshots.add({ name, header: copy.header, lines: copy.lines, end: copy.end, created: new Date().toISOString(), bytes });
  }

  /** PUT /__admin/snapshots/{name}: a snapshot file (a recording) kept under `name`, checked first. */
  import(name: string, text: string): SnapshotInfo {
    const rec = parseRecording(text);
    recordedScenario(rec.header);
    if (!rec.end) throw new RequestProblem('invalid', 'the snapshot has no end line: it was cut off (a snapshot file ends with {"type":"end",…})', { where: 'body' });
    if (!rec.end.complete) throw new RequestProblem('invalid', `the snapshot is of an incomplete recording: ${rec.end.reason ?? 'it says so'}`, { where: 'body' });
    const lines = rec.lines.map((l) => JSON.stringify(l));
    const { snapshot: _named, ...header } = rec.header;
    return this.snapshots.add({ name, header, lines, end: rec.end, created: new Date().toISOString(), bytes: Buffer.byteLength(text) }, true);
  }

  /** POST /__admin/snapshots/{name}/restore: the world as it was at the snapshot, and its future. */
  async restore(name: string): Promise<{ snapshot: SnapshotInfo; replay: ReplayReport }> {
    const s = this.snapshots.get(name);
    const rec: Recording = { header: s.header, lines: s.lines.map((l) => JSON.parse(l)), end: s.end };
    const replay = await this.replay(rec, 'as-replayed');
    return { snapshot: this.snapshots.list().find((x) => x.name === name) as SnapshotInfo, replay };
  }

  /** `serve --snapshot FILE`: the server starts from a snapshot file. */
  async start(text: string): Promise<ReplayReport> {
    const rec = parseRecording(text);
    return this.replay(rec, 'as-replayed');
  }

  /** The server stops: the recording's file gets its end line. */
  close(): void {
    this.recorder.finish();
  }

  private idle(): void {
    if (this.busy) throw new RequestProblem('conflict', 'a replay is running in this server; try again when it is over');
  }

  private async replay(rec: Recording, after: 'manual' | 'as-replayed'): Promise<ReplayReport> {
    this.idle();
    if (!this.app) throw new Error('Recordings.attach was not called');
    recordedScenario(rec.header);
    this.busy = true;
    const release = this.tap.hold();
    this.tap.closeLive();
    const journal = this.instruments.journal.options;
    const journaling = journal.enabled;
    journal.enabled = false;
    this.sim.beginReplay();
    // The recording from here on is the one replayed (under this server's settings, which replay it).
    const { snapshot: _named, ...header } = rec.header;
    this.recorder.begin({ ...header, settings: this.settings, started: new Date().toISOString() }, rec.lines);
    try {
      // The world starts as a fresh server's would: no fault of the admin plane's, their numbering from 1.
      this.instruments.faultsNow().clear('api');
      const report = await new Replayer(this.app, this.sim, this.tap, { live: true, digest: () => this.recorder.digest() }).run(rec);
      if (!isDeepStrictEqual(rec.header.settings, this.settings)) {
        report.differing++;
        report.differences = [{ what: 'the recording was served with other settings (--auth, --retain-…, --journal…, the admin token) than this server has: the replay may differ' }, ...report.differences].slice(0, 50);
      }
      return report;
    } catch (err) {
      // Never a world half replayed: the scenario's start, and a recording from there.
      this.sim.reset();
      this.recorder.begin(this.header());
      throw err;
    } finally {
      this.sim.endReplay(after === 'manual' ? 'manual' : this.sim.mode);
      journal.enabled = journaling;
      this.tap.setSink(this.recorder);
      release();
      this.busy = false;
    }
  }

  private header(): Header {
    return {
      type: HEADER_TYPE,
      format: FORMAT,
      ccsim: CCSIM_VERSION,
      scenario: { name: this.sim.scenario.name, seed: this.sim.scenario.seed, file: this.scenarioFile, resolved: this.sim.scenario },
      clock: { mode: this.sim.mode, speed: this.sim.speed },
      settings: this.settings,
      started: new Date().toISOString(),
    };
  }
}

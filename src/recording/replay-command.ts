/**
 * `ccsim replay FILE`: a recording (or a snapshot file) replayed in one process, as fast as the CPU
 * allows, and compared with what was served: a short report (or one JSON object with --json), the
 * replayed event log (--events) and responses and frames (--responses) as NDJSON, and exit code 0 when
 * everything is the same but the fields random by design, 1 when something differs. With --to-scenario
 * it prints the recording's world-changing inputs as scenario timeline entries instead. A file that is
 * not a recording of this ccsim is a usage error (exit 2) naming its line and field.
 */
import { readFileSync } from 'node:fs';
import { NdjsonFile } from '../ndjson-file.js';
import { RecordingFileError, parseRecording } from './format.js';
import { replayInFreshApp } from './replay-app.js';
import type { ReplayedOutput, ReplayReport } from './replayer.js';
import { recordingToTimeline, timelineYaml } from './to-scenario.js';

export interface ReplayArgs {
  file: string;
  events?: string;
  responses?: string;
  json: boolean;
  toScenario: boolean;
}

export async function replayCommand(args: ReplayArgs, out: (text: string) => void): Promise<number> {
  let text: string;
  try {
    text = readFileSync(args.file, 'utf8');
  } catch (err) {
    throw new RecordingFileError(`cannot read the recording '${args.file}' (${(err as NodeJS.ErrnoException).code})`);
  }
  let rec;
  try {
    rec = parseRecording(text);
  } catch (err) {
    throw new RecordingFileError(`${args.file}: ${(err as Error).message}`);
  }
  if (args.toScenario) {
    const timeline = await recordingToTimeline(rec);
    out(args.json ? JSON.stringify(timeline) + '\n' : timelineYaml(timeline, args.file));
    return 0;
  }
  const events = args.events ? lines(args.events, '--events') : null;
  const responses = args.responses ? lines(args.responses, '--responses') : null;
  let report: ReplayReport;
  try {
    report = await replayInFreshApp(rec, { onEvent: events ? (l) => events.write(l) : undefined, onOutput: responses ? (o: ReplayedOutput) => responses.write(JSON.stringify(o)) : undefined });
  } finally {
    events?.close();
    responses?.close();
  }
  out(args.json ? JSON.stringify(report) + '\n' : summary(args.file, report, rec.end?.reason));
  return report.differing === 0 ? 0 : 1;
}

function summary(file: string, r: ReplayReport, incomplete: string | undefined): string {
  const same = (x: { compared: number; identical: number; differing: number }) => `${x.compared} compared, ${x.identical} the same${x.differing > 0 ? `, ${x.differing} differ` : ''}`;
  const lines = [
    `replayed ${file}: ${r.inputs} inputs to t=${r.t} ms (${(r.t / 1000).toFixed(1)} s) in ${r.wall_ms} ms (${r.speed} virtual s per s)`,
    '',
    `responses   ${same(r.responses)}`,
    `frames      ${same(r.frames)}`,
    `event log   ${r.events.count} events, ${r.events.identical === null ? 'nothing recorded to compare with' : r.events.identical ? 'byte-identical' : 'DIFFERS'} (SHA-256 ${r.events.sha256})`,
    `KPIs        ${r.kpis.identical === null ? 'nothing recorded to compare with' : r.kpis.identical ? 'the same' : 'DIFFER'}`,
  ];
  if (!r.complete) lines.push('', `the recording is incomplete${incomplete ? `: ${incomplete}` : ' (no end line: the server did not stop cleanly)'}`);
  if (r.differing > 0) {
    lines.push('', `${r.differing} difference${r.differing === 1 ? '' : 's'}${r.differing > r.differences.length ? ` (the first ${r.differences.length})` : ''}:`);
    for (const d of r.differences) lines.push(`  ${d.input !== undefined ? `input ${d.input}: ` : d.connection !== undefined ? `connection ${d.connection}: ` : ''}${d.what}`);
  }
  return lines.join('\n') + '\n';
}

function lines(path: string, flag: string): NdjsonFile {
  return new NdjsonFile(path, (code) => new RecordingFileError(`cannot write ${flag} file '${path}' (${code})`));
}

/**
 * A file of NDJSON lines (one JSON text a line), written in large chunks: `ccsim run --events` and
 * `ccsim replay --events/--responses`. Opening it fails with the caller's own error (a usage error, a
 * recording file error), naming the file and the system's code. It knows nothing of what the lines hold.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** Buffered lines are written once they reach this many characters. */
const CHUNK = 1 << 20;

export class NdjsonFile {
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;

  constructor(path: string, cannotOpen: (code: string | undefined) => Error) {
    try {
      this.fd = openSync(path, 'w');
    } catch (err) {
      throw cannotOpen((err as NodeJS.ErrnoException).code);
    }
  }

  /** One line, already JSON. */
  write(line: string): void {
    this.buffer.push(line);
    this.size += line.length;
    if (this.size > CHUNK) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join('\n') + '\n');
    this.buffer = [];
    this.size = 0;
  }
}

/**
 * A recording's file, made on the fly: a WAV (RIFF, PCM, 8 kHz, mono, 16-bit) whose length is the
 * recorded talk, holding a quiet 400 Hz tone (the same for every call: deterministic, and audibly not a
 * broken file). It is streamed a second at a time from one constant buffer, so a long recording costs no
 * memory. The RIFF header's 32-bit sizes bound a file at about 74.5 hours; a longer talk is cut there.
 */
import { Readable } from 'node:stream';

export const SAMPLE_RATE = 8000;
const BYTES_PER_SAMPLE = 2;
const HEADER_BYTES = 44;
/** The most data a RIFF header can describe (its size field is data + 36, in 32 bits), in whole samples. */
export const MAX_SAMPLES = Math.floor((0xffffffff - 36) / BYTES_PER_SAMPLE);

/** Samples in `ms` milliseconds of talk (at most MAX_SAMPLES). */
export function wavSamples(ms: number): number {
  return Math.min(MAX_SAMPLES, Math.max(0, Math.round((ms * SAMPLE_RATE) / 1000)));
}

/** Bytes of the file for `ms` milliseconds of talk. */
export function wavSize(ms: number): number {
  return HEADER_BYTES + wavSamples(ms) * BYTES_PER_SAMPLE;
}

function header(samples: number): Buffer {
  const data = samples * BYTES_PER_SAMPLE;
  const b = Buffer.alloc(HEADER_BYTES);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVE', 8, 'ascii');
  b.write('fmt ', 12, 'ascii');
  b.writeUInt32LE(16, 16); // the PCM format chunk's size
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(SAMPLE_RATE, 24);
  b.writeUInt32LE(SAMPLE_RATE * BYTES_PER_SAMPLE, 28); // bytes per second
  b.writeUInt16LE(BYTES_PER_SAMPLE, 32); // block align
  b.writeUInt16LE(8 * BYTES_PER_SAMPLE, 34); // bits per sample
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(data, 40);
  return b;
}

let second: Buffer | null = null;

/** One second of the tone: 400 Hz is 20 samples a period at 8 kHz, so every second is the same. */
function oneSecond(): Buffer {
  if (second) return second;
  const b = Buffer.alloc(SAMPLE_RATE * BYTES_PER_SAMPLE);
  for (let i = 0; i < SAMPLE_RATE; i++) b.writeInt16LE(Math.round(600 * Math.sin((2 * Math.PI * 400 * i) / SAMPLE_RATE)), i * BYTES_PER_SAMPLE);
  second = b;
  return b;
}

/** The file for `ms` milliseconds of talk, as a stream. */
export function wavStream(ms: number): Readable {
  const samples = wavSamples(ms);
  function* chunks(): Generator<Buffer> {
    yield header(samples);
    const tone = oneSecond();
    let left = samples * BYTES_PER_SAMPLE;
    while (left > 0) {
      const n = Math.min(left, tone.length);
      yield tone.subarray(0, n);
      left -= n;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

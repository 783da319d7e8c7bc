/**
 * Seeded randomness split into named streams. Each stream is an independent Mersenne Twister (the
 * numbers of faker's 32-bit randomizer, mersenne.ts) seeded from SHA-256 of (scenario seed, stream
 * name), so a new draw in one place never shifts the draws of another. Domain code takes its randomness
 * only from here, never from Math.random.
 */
import { hash } from 'node:crypto';
import { Mersenne32 } from './mersenne.js';

export interface RandomStream {
  /** Uniform in [0, 1). */
  next(): number;
}

export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly seed: number) {}

  /** The stream with this name; the same name always returns the same stream. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (!s) {
      s = makeStream(this.seed, name);
      this.streams.set(name, s);
    }
    return s;
  }

  /** The seed words for a stream, e.g. to seed a faker instance. */
  seedWords(name: string): number[] {
    return seedWords(this.seed, name);
  }
}

function seedWords(seed: number, name: string): number[] {
  // The one-shot hash: a world of thousands of agents seeds thousands of streams.
  const digest = hash('sha256', `${seed}\u0000${name}`, 'buffer');
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(digest.readUInt32LE(i * 4));
  return words;
}

/** Seeded at its first draw: an agent's streams cost a map entry until the agent answers a call. */
function makeStream(seed: number, name: string): RandomStream {
  return new Mersenne32(() => seedWords(seed, name));
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hex32(w: number): string {
  return HEX[w >>> 24] + HEX[(w >>> 16) & 255] + HEX[(w >>> 8) & 255] + HEX[w & 255];
}

/**
 * The n-th UUID (version-4 layout) of a seed, computed from (seed words, n) alone: ids can be made
 * lazily, in any order, and are still the same for the same seed.
 */
export function uuidAt(seedWords: readonly number[], n: number): string {
  const w0 = mix32(seedWords[0] ^ mix32(n));
  const w1 = mix32(seedWords[1] ^ mix32(w0 + n));
  const w2 = mix32(seedWords[2] ^ mix32(w1 + n));
  const w3 = mix32(seedWords[3] ^ mix32(w2 + n));
  const a = hex32(w0);
  const b = hex32(w1);
  const c = hex32(w2);
  const d = hex32(w3);
  const variant = HEX[0x80 | (w2 >>> 26)].slice(0, 1);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/** The n-th uniform draw in [0, 1) of a seed, from (seed words, n) alone: made lazily, in any order. */
export function uniformAt(seedWords: readonly number[], n: number): number {
  const hi = mix32(seedWords[0] ^ mix32(n));
  const lo = mix32(seedWords[1] ^ mix32(hi + n));
  return (hi * 2 ** 21 + (lo >>> 11)) / 2 ** 53;
}

/** The n-th generated caller number of a seed: +7 and ten digits, made from (seed words, n) alone. */
export function phoneNumberAt(seedWords: readonly number[], n: number): string {
  const high = mix32(seedWords[0] ^ mix32(n)) % 100_000;
  const low = mix32(seedWords[1] ^ mix32(n + 0x9e3779b9)) % 100_000;
  return `+7${String(high).padStart(5, '0')}${String(low).padStart(5, '0')}`;
}

/** A caller's number drawn from `stream`: +7 and ten digits (the Russian numbering of the seeds). */
export function phoneNumberFrom(stream: RandomStream): string {
  const high = Math.floor(stream.next() * 100_000);
  const low = Math.floor(stream.next() * 100_000);
  return `+7${String(high).padStart(5, '0')}${String(low).padStart(5, '0')}`;
}

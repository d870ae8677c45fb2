/**
 * Seeded random streams for the stochastic engines: one independent stream per (seed, replicate), so that
 * replicate i draws the same numbers whatever the number of threads and whichever thread runs it.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 47(4) 2021, doi:10.1145/3460772): 128-bit state in four 32-bit words, period 2^128 - 1, 32-bit
 * output; all arithmetic is 32-bit (Math.imul, shifts), which V8 keeps in registers. We do not use pure-rand's
 * xoroshiro128plus: it returns the low 32 bits of the `+` scrambler, whose lowest bits are linear (the lowest
 * is an LFSR) and fail the linearity tests of BigCrush; the `**` scrambler has no such weak bits.
 *
 * Seeding ("hash small seeds first"): the 128-bit state of replicate r under seed S is four 32-bit words of a
 * SplitMix64 sequence (Steele, Lea & Flood 2014, doi:10.1145/2714064.2660195) started at
 *   h = mix64(mix64(S + c1) XOR mix64(r + c2)),
 * where mix64 is SplitMix64's finaliser (variant 13 of Stafford's mix). mix64 is a bijection of 64-bit words
 * with full avalanche, so seeds 0, 1, 2 (and replicates 0, 1, 2) give unrelated states; two distinct (S, r)
 * pairs give the same start only on a 64-bit collision (probability ~ N^2 / 2^65 over N streams), and streams
 * of 2^128 - 1 period started at random points overlap with negligible probability for any realistic run.
 * BigInt is used once per replicate (seeding), never per draw.
 *
 * Doubles: next() = ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53 for two 32-bit outputs a, b: 53 random bits,
 * uniform on the grid k / 2^53 in [0, 1) (the construction of Vigna's `next_double` / Java's nextDouble).
 */
import type { RandomStream } from './types.js';

const MASK64 = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n; // 2^64 / phi, SplitMix64's increment
const C_SEED = 0x243f6a8885a308d3n; // pi's fraction bits: separates the seed and replicate domains
const C_REPLICATE = 0x13198a2e03707344n;

/** SplitMix64 finaliser: a bijective 64-bit mix with full avalanche (Steele et al. 2014; Stafford's Mix13). */
export function mix64(z: bigint): bigint {
  z &= MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

function checkIndex(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${v}`);
}

/** The 64-bit key of (seed, replicate): start of the SplitMix64 sequence that seeds the stream. */
function streamKey(seed: number, replicate: number): bigint {
  checkIndex('seed', seed);
  checkIndex('replicate', replicate);
  return mix64(mix64(BigInt(seed) + C_SEED) ^ mix64(BigInt(replicate) + C_REPLICATE));
}

/** xoshiro128** on four 32-bit words. */
export class Xoshiro128StarStar implements RandomStream {
  /** The four state words. Public so that a hot loop can keep them in locals and write them back
   * (ssa-direct's fused loop); nothing else should touch them. */
  s0: number;
  s1: number;
  s2: number;
  s3: number;

  constructor(s0: number, s1: number, s2: number, s3: number) {
    if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is the one fixed point
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
  }

  /**
   * Next 32-bit output as an unsigned integer in [0, 2^32). result = rotl(s1 * 5, 7) * 9. Its presence
   * (RandomStream.nextUint32) makes expDraw use the ziggurat (src/solvers/stochastic/common.ts).
   */
  nextUint32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits: (hi 27 bits of a) * 2^26 + (hi 26 bits of b), over 2^53. */
  next(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) * 1.1102230246251565e-16; // (a * 2^26 + b) * 2^-53
  }
}

/**
 * The random stream of replicate `replicate` under `seed` (both non-negative safe integers). The same pair
 * always gives the same sequence, on any thread; different pairs give unrelated sequences.
 */
export function replicateStream(seed: number, replicate: number): Xoshiro128StarStar {
  let z = streamKey(seed, replicate);
  z = (z + GOLDEN) & MASK64;
  const w0 = mix64(z);
  z = (z + GOLDEN) & MASK64;
  const w1 = mix64(z);
  return new Xoshiro128StarStar(Number(w0 & 0xffffffffn), Number(w0 >> 32n), Number(w1 & 0xffffffffn), Number(w1 >> 32n));
}

/**
 * A 31-bit seed for the replicate's other random choices (ties between simultaneous SBML events:
 * ReactionSystem.eventHooks), derived from the same key as the stream but in a separate domain.
 */
export function replicateEventSeed(seed: number, replicate: number): number {
  return Number(mix64(streamKey(seed, replicate) ^ 0x5851f42d4c957f2dn) >> 33n);
}

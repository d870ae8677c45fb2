/**
 * Seeded random streams (src/solvers/stochastic/rng.ts). Statistical checks use fixed seeds (deterministic
 * tests); each states the probability that a correct generator would fail it by chance.
 */
import { describe, expect, it } from 'vitest';
import { replicateEventSeed, replicateStream, Xoshiro128StarStar } from '../../src/solvers/stochastic/rng.js';

const draws = (seed: number, rep: number, n: number): Float64Array => {
  const s = replicateStream(seed, rep);
  return Float64Array.from({ length: n }, () => s.next());
};

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('xoshiro128**', () => {
  it('matches the reference implementation (Blackman & Vigna; state 1, 2, 3, 4)', () => {
    // First outputs of the C reference xoshiro128starstar.c from s = {1, 2, 3, 4} (as in rand_xoshiro's test).
    const g = new Xoshiro128StarStar(1, 2, 3, 4);
    const got = Array.from({ length: 10 }, () => g.nextUint32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  });
});

describe('replicateStream', () => {
  it('reproduces the same numbers for the same (seed, replicate)', () => {
    expect(Array.from(draws(42, 7, 1000))).toEqual(Array.from(draws(42, 7, 1000)));
    expect(replicateEventSeed(42, 7)).toBe(replicateEventSeed(42, 7));
  });

  it('gives doubles in [0, 1) on the 2^-53 grid', () => {
    const u = draws(3, 0, 10000);
    expect(u.every((x) => x >= 0 && x < 1 && Number.isInteger(x * 2 ** 53))).toBe(true);
    // 53 bits: some draws have non-zero low bits below 2^-32 (a 32-bit generator would never).
    expect(u.some((x) => (x * 2 ** 53) % 2 ** 21 !== 0)).toBe(true);
  });

  it('gives distinct streams for small seeds and consecutive replicates', () => {
    const firsts = new Set<number>();
    for (let seed = 0; seed < 10; seed++) for (let rep = 0; rep < 100; rep++) firsts.add(replicateStream(seed, rep).next());
    expect(firsts.size).toBe(1000); // equal first draws: probability ~ 1000^2 / 2^54, i.e. ~5e-11
    expect(replicateEventSeed(0, 0)).not.toBe(replicateEventSeed(1, 0));
    expect(replicateEventSeed(0, 0)).not.toBe(replicateEventSeed(0, 1));
    expect(() => replicateStream(-1, 0)).toThrow(RangeError);
    expect(() => replicateStream(0, 1.5)).toThrow(RangeError);
  });

  it('is uniform: chi-square on 10 bins (false-failure probability 1e-6 per stream)', () => {
    // 100,000 draws in 10 equal bins; chi^2 with 9 degrees of freedom exceeds 44.81 with probability 1e-6.
    for (const [seed, rep] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [123456789, 999],
    ] as const) {
      const n = 100000;
      const bins = new Array<number>(10).fill(0);
      for (const x of draws(seed, rep, n)) bins[Math.floor(x * 10)]!++;
      const e = n / 10;
      const chi2 = bins.reduce((s, o) => s + (o - e) ** 2 / e, 0);
      expect(chi2).toBeLessThan(44.81);
    }
  });

  it('consecutive replicates and seeds are uncorrelated (|r| < 5 / sqrt(n): false failure 5.7e-7 each)', () => {
    // Under independence the sample correlation of n pairs is ~ N(0, 1/n).
    const n = 20000;
    const bound = 5 / Math.sqrt(n);
    for (let rep = 0; rep < 5; rep++) expect(Math.abs(correlation(draws(0, rep, n), draws(0, rep + 1, n)))).toBeLessThan(bound);
    for (let seed = 0; seed < 3; seed++) expect(Math.abs(correlation(draws(seed, 0, n), draws(seed + 1, 0, n)))).toBeLessThan(bound);
    // First draws of replicates r and r + 1 across r (what an ensemble sees first).
    const m = 20000;
    const a = Float64Array.from({ length: m }, (_, r) => replicateStream(5, r).next());
    const b = Float64Array.from({ length: m }, (_, r) => replicateStream(5, r + 1).next());
    expect(Math.abs(correlation(a, b))).toBeLessThan(5 / Math.sqrt(m));
    // Lag-1 serial correlation within a stream.
    const u = draws(9, 0, n + 1);
    expect(Math.abs(correlation(u.subarray(0, n), u.subarray(1)))).toBeLessThan(bound);
  });
});

/**
 * Sobol' low-discrepancy sequence (Sobol' 1967; Bratley & Fox 1988 Gray-code construction) with Joe & Kuo's
 * direction numbers (S. Joe, F. Y. Kuo (2008) "Constructing Sobol sequences with better two-dimensional
 * projections", SIAM J Sci Comput 30:2635-2654; table `new-joe-kuo-6.21201`, dimensions 2-60 below; dimension 1
 * is van der Corput). 32-bit direction numbers: up to 2^32 - 1 points per dimension.
 *
 * Randomisation: an optional seeded random digital shift (x XOR d, one 32-bit d per dimension, drawn from
 * replicateStream(seed, 0)): it keeps every (t, m, s)-net property of the plain sequence (Owen 2003,
 * "Variance with alternative scramblings of digital nets", ACM TOMACS 13:363) while making the point set a
 * random variable (different seeds -> independent replicates of the estimate) and never producing the point 0.
 */
import { replicateStream } from '../../solvers/stochastic/rng.js';

/** Rows `s a m_1 ... m_s` for dimensions 2, 3, ... (degree s of the primitive polynomial, its coefficients a, initial m). */
const JOE_KUO =
  '1 0 1|2 1 1 3|3 1 1 3 1|3 2 1 1 1|4 1 1 1 3 3|4 4 1 3 5 13|5 2 1 1 5 5 17|5 4 1 1 5 5 5|5 7 1 1 7 11 19|5 11 1 1 5 1 1|5 13 1 1 1 3 11|5 14 1 3 5 5 31|6 1 1 3 3 9 7 49|6 13 1 1 1 15 21 21|6 16 1 3 1 13 27 49|6 19 1 1 1 15 7 5|6 22 1 3 1 15 13 25|6 25 1 1 5 5 19 61|7 1 1 3 7 11 23 15 103|7 4 1 3 7 13 13 15 69|7 7 1 1 3 13 7 35 63|7 8 1 3 5 9 1 25 53|7 14 1 3 1 13 9 35 107|7 19 1 3 1 5 27 61 31|7 21 1 1 5 11 19 41 61|7 28 1 3 5 3 3 13 69|7 31 1 1 7 13 1 19 1|7 32 1 3 7 5 13 19 59|7 37 1 1 3 9 25 29 41|7 41 1 3 5 13 23 1 55|7 42 1 3 7 3 13 59 17|7 50 1 3 1 3 5 53 69|7 55 1 1 5 5 23 33 13|7 56 1 1 7 7 1 61 123|7 59 1 1 7 9 13 61 49|7 62 1 3 3 5 3 55 33|8 14 1 3 1 15 31 13 49 245|8 21 1 3 5 15 31 59 63 97|8 22 1 3 1 11 11 11 77 249|8 38 1 3 1 11 27 43 71 9|8 47 1 1 7 15 21 11 81 45|8 49 1 3 7 3 25 31 65 79|8 50 1 3 1 1 19 11 3 205|8 52 1 1 5 9 19 21 29 157|8 56 1 3 7 11 1 33 89 185|8 67 1 3 3 3 15 9 79 71|8 70 1 3 7 11 15 39 119 27|8 84 1 1 3 1 11 31 97 225|8 97 1 1 1 3 23 43 57 177|8 103 1 3 7 7 17 17 37 71|8 115 1 3 1 5 27 63 123 213|8 122 1 1 3 5 11 43 53 133|9 8 1 3 5 5 29 17 47 173 479|9 13 1 3 3 11 3 1 109 9 69|9 16 1 1 1 5 17 39 23 5 343|9 22 1 3 1 5 25 15 31 103 499|9 25 1 1 1 11 11 17 63 105 183|9 44 1 1 5 11 9 29 97 231 363|9 47 1 1 5 15 19 45 41 7 383';

const ROWS = JOE_KUO.split('|').map((r) => r.split(' ').map(Number));

/** Largest supported dimension. */
export const SOBOL_MAX_DIM = ROWS.length + 1;

const BITS = 32;

/** Direction numbers v[k] (k = 0..31) of one dimension, as 32-bit integers (v_k = m_k * 2^(32 - k - 1)). */
function directionNumbers(dim: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dim === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const row = ROWS[dim - 1]!;
  const s = row[0]!;
  const a = row[1]!;
  const m = row.slice(2);
  for (let k = 0; k < Math.min(s, BITS); k++) v[k] = (m[k]! * 2 ** (BITS - 1 - k)) >>> 0;
  // recurrence (Bratley & Fox 1988, eq. 2): v_k = a_1 v_{k-1} ^ ... ^ a_{s-1} v_{k-s+1} ^ v_{k-s} ^ (v_{k-s} >> s)
  for (let k = s; k < BITS; k++) {
    let x = (v[k - s]! ^ (v[k - s]! >>> s)) >>> 0;
    for (let j = 1; j < s; j++) if ((a >>> (s - 1 - j)) & 1) x = (x ^ v[k - j]!) >>> 0;
    v[k] = x;
  }
  return v;
}

/**
 * `n` points of the `dim`-dimensional Sobol' sequence (points 0..n-1 in Gray-code order, row-major: point i,
 * coordinate j at [i * dim + j]), in [0, 1). With `shiftSeed` a seeded random digital shift is applied.
 */
export function sobolPoints(n: number, dim: number, shiftSeed?: number): Float64Array {
  if (!Number.isInteger(dim) || dim < 1 || dim > SOBOL_MAX_DIM) throw new RangeError(`sobolPoints: dimension ${dim} outside 1..${SOBOL_MAX_DIM}`);
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** BITS) throw new RangeError(`sobolPoints: n = ${n} outside 0..2^32-1`);
  const V = Array.from({ length: dim }, (_, j) => directionNumbers(j));
  const shift = new Uint32Array(dim);
  if (shiftSeed !== undefined) {
    const rng = replicateStream(shiftSeed, 0);
    for (let j = 0; j < dim; j++) shift[j] = rng.nextUint32() >>> 0;
  }
  const out = new Float64Array(n * dim);
  const x = new Uint32Array(dim);
  const scale = 2 ** -BITS;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      // Gray code: point i differs from point i-1 by direction number c = index of the lowest zero bit of i-1
      let c = 0;
      let q = i - 1;
      while (q & 1) {
        q = Math.floor(q / 2);
        c++;
      }
      for (let j = 0; j < dim; j++) x[j] = (x[j]! ^ V[j]![c]!) >>> 0;
    }
    for (let j = 0; j < dim; j++) out[i * dim + j] = ((x[j]! ^ shift[j]!) >>> 0) * scale;
  }
  return out;
}

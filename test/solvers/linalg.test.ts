import { describe, expect, it } from 'vitest';
import { denseLuFactor, denseLuIsSingular, denseLuSolve } from '../../src/solvers/linalg/dense-lu.js';
import { SparseLu, analyzeSparseLu, withDiagonal } from '../../src/solvers/linalg/sparse-lu.js';
import { createIterationMatrix, DenseIterationMatrix, SparseIterationMatrix, prefersSparse } from '../../src/solvers/linalg/iteration-matrix.js';
import { emptyStats, type OdeSystem, type SparsityPattern } from '../../src/solvers/types.js';
import { hires } from './problems.js';
import { mulberry32 as rng } from '../helpers/prng.js';


function matVec(a: Float64Array, n: number, x: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j]! * x[j]!;
    y[i] = s;
  }
  return y;
}

function maxAbs(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Random sparse CSR pattern + values; `dominant` makes rows strictly diagonally dominant. */
function randomSparse(n: number, perRow: number, seed: number, opts: { dominant: boolean; band?: number; zeroDiagFraction?: number }) {
  const r = rng(seed);
  const rows: Map<number, number>[] = [];
  for (let i = 0; i < n; i++) {
    const m = new Map<number, number>();
    m.set(i, 0);
    for (let b = 1; b <= (opts.band ?? 0); b++) {
      if (i - b >= 0) m.set(i - b, r() * 2 - 1);
      if (i + b < n) m.set(i + b, r() * 2 - 1);
    }
    // perRow may be fractional: floor(perRow) random entries plus one more with probability frac(perRow).
    const extra = Math.floor(perRow) + (r() < perRow - Math.floor(perRow) ? 1 : 0);
    for (let k = 0; k < extra; k++) m.set(Math.floor(r() * n), r() * 2 - 1);
    rows.push(m);
  }
  const rowPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    const m = rows[i]!;
    const keys = [...m.keys()].sort((x, y) => x - y);
    let off = 0;
    for (const j of keys) if (j !== i) off += Math.abs(m.get(j)!);
    for (const j of keys) {
      cols.push(j);
      if (j === i) {
        if (opts.dominant) vals.push((r() < 0.5 ? -1 : 1) * (off + 0.5 + r()));
        else vals.push(r() < (opts.zeroDiagFraction ?? 0) ? 0 : r() * 2 - 1);
      } else vals.push(m.get(j)!);
    }
    rowPtr[i + 1] = cols.length;
  }
  const pattern: SparsityPattern = { n, rowPtr, colIdx: Int32Array.from(cols) };
  const values = Float64Array.from(vals);
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) dense[i * n + cols[k]!] = vals[k]!;
  return { pattern, values, dense };
}

describe('dense LU (dgetrf/dgetrs semantics)', () => {
  it('solves a 2x2 system with a hand-computed solution', () => {
    // [2 1; 1 3] x = [3; 5]  ->  x = [0.8, 1.4]
    const a = Float64Array.from([2, 1, 1, 3]);
    const piv = new Int32Array(2);
    expect(denseLuFactor(a, 2, piv)).toBe(0);
    const b = Float64Array.from([3, 5]);
    denseLuSolve(a, 2, piv, b);
    expect(b[0]).toBeCloseTo(0.8, 14);
    expect(b[1]).toBeCloseTo(1.4, 14);
  });

  it('pivots on a zero leading entry', () => {
    const a = Float64Array.from([0, 1, 1, 0]);
    const piv = new Int32Array(2);
    expect(denseLuFactor(a, 2, piv)).toBe(0);
    expect(piv[0]).toBe(1);
    const b = Float64Array.from([2, 3]);
    denseLuSolve(a, 2, piv, b);
    expect([...b]).toEqual([3, 2]);
  });

  it.each([1, 5, 37, 120])('random well-conditioned matrix of order %i: small residual and error', (n) => {
    const r = rng(1000 + n);
    // A = Q-ish random matrix + 2*sqrt(n) I keeps cond(A) moderate but leaves pivoting work to do.
    const a = new Float64Array(n * n);
    for (let k = 0; k < n * n; k++) a[k] = r() * 2 - 1;
    for (let i = 0; i < n; i++) a[i * n + i] = a[i * n + i]! + (i % 2 === 0 ? 1 : -1) * Math.sqrt(n);
    const xTrue = new Float64Array(n);
    for (let i = 0; i < n; i++) xTrue[i] = r() * 2 - 1;
    const b = matVec(a, n, xTrue);
    const lu = Float64Array.from(a);
    const piv = new Int32Array(n);
    expect(denseLuFactor(lu, n, piv)).toBe(0);
    expect(denseLuIsSingular(lu, n)).toBe(false);
    const x = Float64Array.from(b);
    denseLuSolve(lu, n, piv, x);
    const res = matVec(a, n, x);
    expect(maxDiff(res, b)).toBeLessThan(1e-12 * Math.max(1, maxAbs(b)) * n);
    expect(maxDiff(x, xTrue)).toBeLessThan(1e-10);
  });

  it('detects singular matrices', () => {
    const piv = new Int32Array(3);
    // Rank 1: second row = 2 * first.
    const a = Float64Array.from([1, 2, 2, 4]);
    expect(denseLuFactor(a, 2, new Int32Array(2))).toBe(2);
    // Zero column.
    const z = Float64Array.from([1, 0, 2, 3, 0, 4, 5, 0, 6]);
    expect(denseLuFactor(z, 3, piv)).toBe(2);
    // Numerically singular: third row = row1 + row2 up to rounding.
    const s = Float64Array.from([1, 2, 3, 4, 5, 6, 5, 7, 9 + 1e-17]);
    denseLuFactor(s, 3, piv);
    expect(denseLuIsSingular(s, 3)).toBe(true);
  });
});

describe('sparse LU (minimum degree + static pivoting, Davis 2006)', () => {
  it('adds the diagonal to a pattern', () => {
    const p: SparsityPattern = { n: 3, rowPtr: Int32Array.from([0, 1, 2, 2]), colIdx: Int32Array.from([2, 0]) };
    const d = withDiagonal(p);
    expect([...d.rowPtr]).toEqual([0, 2, 4, 5]);
    expect([...d.colIdx]).toEqual([0, 2, 0, 1, 2]);
  });

  it('orders a tridiagonal matrix without fill', () => {
    const n = 1000;
    const { pattern } = randomSparse(n, 0, 1, { dominant: true, band: 1 });
    const sym = analyzeSparseLu(withDiagonal(pattern));
    expect(sym.rowPtr[n]).toBe(3 * n - 2);
    // A permutation.
    expect(new Set(sym.perm).size).toBe(n);
    for (let i = 0; i < n; i++) expect(sym.iperm[sym.perm[i]!]).toBe(i);
  });

  it.each([
    [60, 3, 11],
    [200, 4, 12],
    [400, 2, 13],
  ])('agrees with dense LU on diagonally dominant random matrices (n=%i, %i extra per row)', (n, perRow, seed) => {
    const { pattern, values, dense } = randomSparse(n, perRow, seed, { dominant: true });
    const lu = new SparseLu(pattern);
    expect(lu.factor(values)).toBe(true);
    expect(lu.usedDenseFallback).toBe(false);
    const r = rng(seed + 7);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) b[i] = r() * 2 - 1;
    const xs = Float64Array.from(b);
    lu.solve(xs);
    const dl = Float64Array.from(dense);
    const piv = new Int32Array(n);
    expect(denseLuFactor(dl, n, piv)).toBe(0);
    const xd = Float64Array.from(b);
    denseLuSolve(dl, n, piv, xd);
    expect(maxDiff(xs, xd)).toBeLessThan(1e-12 * Math.max(1, maxAbs(xd)));
    expect(maxDiff(matVec(dense, n, xs), b)).toBeLessThan(1e-12);
  });

  it.each([
    [50, 3, 21, 0],
    [150, 3, 22, 0.3],
    [300, 2, 23, 1],
  ])('solves non-dominant random matrices needing pivoting (n=%i, %i extra per row, seed %i, zero-diagonal fraction %f)', (n, perRow, seed, zf) => {
    const { pattern, values, dense } = randomSparse(n, perRow, seed, { dominant: false, band: 1, zeroDiagFraction: zf });
    const lu = new SparseLu(pattern);
    const dl = Float64Array.from(dense);
    const piv = new Int32Array(n);
    const denseOk = denseLuFactor(dl, n, piv) === 0 && !denseLuIsSingular(dl, n, 1e-12);
    expect(denseOk).toBe(true);
    expect(lu.factor(values)).toBe(true);
    if (zf > 0) expect(lu.usedDenseFallback).toBe(true); // zero diagonal pivots cannot pass the threshold test
    const r = rng(seed + 5);
    const xTrue = new Float64Array(n);
    for (let i = 0; i < n; i++) xTrue[i] = r() * 2 - 1;
    const b = matVec(dense, n, xTrue);
    const xs = Float64Array.from(b);
    lu.solve(xs);
    const xd = Float64Array.from(b);
    denseLuSolve(dl, n, piv, xd);
    // Both solutions carry errors ~ cond(A) * eps; compare residuals and against each other.
    const scale = Math.max(1, maxAbs(b));
    expect(maxDiff(matVec(dense, n, xs), b)).toBeLessThan(1e-9 * scale);
    expect(maxDiff(xs, xd)).toBeLessThan(1e-6 * Math.max(1, maxAbs(xd)));
  });

  it('reports a singular matrix (through the dense fallback)', () => {
    // Row 1 = 2 * row 0 (exactly representable, so the zero pivot is exact as in dgetrf's INFO > 0).
    const p: SparsityPattern = { n: 3, rowPtr: Int32Array.from([0, 3, 6, 9]), colIdx: Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2]) };
    const lu = new SparseLu(p);
    expect(lu.factor(Float64Array.from([1, 2, 3, 2, 4, 6, 0, 1, 1]))).toBe(false);
    expect(lu.usedDenseFallback).toBe(true);
    const zeroRow = new SparseLu({ n: 2, rowPtr: Int32Array.from([0, 2, 2]), colIdx: Int32Array.from([0, 1]) });
    expect(zeroRow.factor(Float64Array.from([1, 1, 0]))).toBe(false);
  });

  it('handles a 1,000-unknown banded + random pattern and reuses the symbolic analysis', () => {
    const n = 1000;
    // Pentadiagonal plus ~100 random long-range couplings (a network-like pattern).
    const { pattern, values, dense } = randomSparse(n, 0.1, 31, { dominant: true, band: 2 });
    const lu = new SparseLu(pattern);
    const r = rng(32);
    const dl = new Float64Array(n * n);
    const piv = new Int32Array(n);
    for (let trial = 0; trial < 2; trial++) {
      // Second trial: same pattern, different values (alpha shift), no new analysis.
      const v = Float64Array.from(values);
      const d = Float64Array.from(dense);
      if (trial === 1) {
        for (let i = 0; i < n; i++) { v[lu.aDiag[i]!] = v[lu.aDiag[i]!]! * 3; d[i * n + i] = d[i * n + i]! * 3; }
      }
      expect(lu.factor(v)).toBe(true);
      expect(lu.usedDenseFallback).toBe(false);
      const b = new Float64Array(n);
      for (let i = 0; i < n; i++) b[i] = r() * 2 - 1;
      const xs = Float64Array.from(b);
      lu.solve(xs);
      dl.set(d);
      expect(denseLuFactor(dl, n, piv)).toBe(0);
      const xd = Float64Array.from(b);
      denseLuSolve(dl, n, piv, xd);
      expect(maxDiff(xs, xd)).toBeLessThan(1e-12);
    }
    // The minimum degree ordering keeps the fill far below dense (and below the natural ordering's).
    expect(lu.fillNnz).toBeLessThan(0.02 * n * n);
  });
});

/** HIRES without its analytic Jacobian (finite differences only), with its sparsity pattern. */
function hiresPattern(): SparsityPattern {
  const n = 8;
  const J = new Float64Array(n * n);
  // Structural pattern from the analytic Jacobian at a state with all entries nonzero.
  hires.system.jacobian!(0, Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1]), J);
  const rowPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (J[i * n + j] !== 0) cols.push(j);
    rowPtr[i + 1] = cols.length;
  }
  return { n, rowPtr, colIdx: Int32Array.from(cols) };
}

describe('iteration matrix', () => {
  const yTest = Float64Array.from([7.3e-4, 1.4e-4, 5.9e-5, 1.2e-3, 2.4e-3, 6.2e-3, 2.8e-3, 2.9e-3]);
  const Jref = new Float64Array(64);
  hires.system.jacobian!(0, yTest, Jref);
  const f0 = new Float64Array(8);
  hires.system.rates(0, yTest, f0);

  function relJacError(get: (i: number, j: number) => number): number {
    let worst = 0;
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) {
        const ref = Jref[i * 8 + j]!;
        const scale = Math.max(Math.abs(ref), 1e-3 * maxAbs(Jref.subarray(i * 8, i * 8 + 8)));
        worst = Math.max(worst, Math.abs(get(i, j) - ref) / scale);
      }
    }
    return worst;
  }

  it('dense finite-difference Jacobian matches the analytic HIRES Jacobian', () => {
    const sys: OdeSystem = { n: 8, rates: hires.system.rates };
    const m = createIterationMatrix(sys, { linearSolver: 'dense', atol: 1e-10, rtol: 1e-6 }) as DenseIterationMatrix;
    expect(m.kind).toBe('dense');
    const stats = emptyStats();
    m.evaluateJacobian(0, yTest, f0, stats);
    expect(stats.jacobianEvals).toBe(1);
    expect(stats.rhsEvals).toBe(8);
    expect(relJacError((i, j) => m.J[i * 8 + j]!)).toBeLessThan(1e-5);
  });

  it('coloured finite differences (dense and sparse storage) match the analytic HIRES Jacobian with fewer rhs evaluations', () => {
    const sys: OdeSystem = { n: 8, rates: hires.system.rates, sparsity: hiresPattern() };
    const md = createIterationMatrix(sys, { linearSolver: 'dense', atol: 1e-10, rtol: 1e-6 }) as DenseIterationMatrix;
    const ms = createIterationMatrix(sys, { linearSolver: 'sparse', atol: 1e-10, rtol: 1e-6 }) as SparseIterationMatrix;
    expect(ms.kind).toBe('sparse');
    const s1 = emptyStats(), s2 = emptyStats();
    md.evaluateJacobian(0, yTest, f0, s1);
    ms.evaluateJacobian(0, yTest, f0, s2);
    expect(s1.rhsEvals).toBe(md.fdEvals);
    expect(s2.rhsEvals).toBe(ms.fdEvals);
    expect(ms.fdEvals).toBeLessThan(8);
    expect(relJacError((i, j) => md.J[i * 8 + j]!)).toBeLessThan(1e-5);
    const p = ms.pattern;
    const get = (i: number, j: number): number => {
      for (let k = p.rowPtr[i]!; k < p.rowPtr[i + 1]!; k++) if (p.colIdx[k] === j) return ms.J[k]!;
      return 0;
    };
    expect(relJacError(get)).toBeLessThan(1e-5);
  });

  it('factor/solve give (alpha I - J) x = b for dense, sparse-from-dense-Jacobian and sparse analytic Jacobians', () => {
    const pat = hiresPattern();
    const jacobianSparse = (t: number, y: Float64Array, v: Float64Array): void => {
      const d = new Float64Array(64);
      hires.system.jacobian!(t, y, d);
      for (let i = 0; i < 8; i++) for (let k = pat.rowPtr[i]!; k < pat.rowPtr[i + 1]!; k++) v[k] = d[i * 8 + pat.colIdx[k]!]!;
    };
    const systems: [OdeSystem, 'dense' | 'sparse'][] = [
      [hires.system, 'dense'],
      [hires.system, 'sparse'],
      [{ n: 8, rates: hires.system.rates, sparsity: pat, jacobianSparse }, 'sparse'],
      [{ n: 8, rates: hires.system.rates, sparsity: pat, jacobianSparse }, 'dense'],
    ];
    const alpha = 37.5;
    const M = new Float64Array(64);
    for (let k = 0; k < 64; k++) M[k] = -Jref[k]!;
    for (let i = 0; i < 8; i++) M[i * 9] = M[i * 9]! + alpha;
    const xTrue = Float64Array.from([1, -2, 3, -4, 5, -6, 7, -8]);
    const b = matVec(M, 8, xTrue);
    for (const [sys, kind] of systems) {
      const m = createIterationMatrix(sys, { linearSolver: kind, atol: 1e-10, rtol: 1e-6 });
      const stats = emptyStats();
      m.evaluateJacobian(0, yTest, f0, stats);
      expect(stats.rhsEvals).toBe(0);
      expect(m.factor(alpha, stats)).toBe(true);
      const x = Float64Array.from(b);
      m.solve(x, stats);
      expect(maxDiff(x, xTrue)).toBeLessThan(1e-12);
      expect(stats.luDecompositions).toBe(1);
      expect(stats.linearSolves).toBe(1);
    }
  });

  it("'auto' picks sparse only for large sparse patterns", () => {
    expect(prefersSparse(hires.system)).toBe(false);
    const big = randomSparse(300, 2, 41, { dominant: true });
    const sys: OdeSystem = { n: 300, rates: () => {}, sparsity: big.pattern };
    expect(prefersSparse(sys)).toBe(true);
    expect(createIterationMatrix(sys, { linearSolver: 'auto', atol: 1e-10, rtol: 1e-6 }).kind).toBe('sparse');
    expect(createIterationMatrix({ n: 300, rates: () => {} }, { linearSolver: 'auto', atol: 1e-10, rtol: 1e-6 }).kind).toBe('dense');
  });

  it('needs about (max row nnz) rhs evaluations for a 1,000-species mass-action-like network', () => {
    // Chain A_i -> A_{i+1} plus random bimolecular A_i + A_j -> A_k: each row has a few nonzeros.
    const n = 1000;
    const r = rng(51);
    const reactions: [number, number, number, number][] = [];
    for (let i = 0; i + 1 < n; i++) reactions.push([i, -1, i + 1, 0.5 + r()]);
    for (let q = 0; q < 1000; q++) reactions.push([Math.floor(r() * n), Math.floor(r() * n), Math.floor(r() * n), r()]);
    const rates = (_t: number, y: Float64Array, f: Float64Array): void => {
      f.fill(0);
      for (const [a, b, c, k] of reactions) {
        const v = b < 0 ? k * y[a]! : k * y[a]! * y[b]!;
        f[a] = f[a]! - v;
        if (b >= 0) f[b] = f[b]! - v;
        f[c] = f[c]! + v;
      }
    };
    const jacobian = (_t: number, y: Float64Array, J: Float64Array): void => {
      J.fill(0);
      for (const [a, b, c, k] of reactions) {
        // dv/dy_a and dv/dy_b
        const da = b < 0 ? k : k * y[b]!;
        const db = b < 0 ? 0 : k * y[a]!;
        for (const [s, sign] of [[a, -1], [c, 1], ...(b >= 0 ? [[b, -1]] : [])] as [number, number][]) {
          J[s * n + a] = J[s * n + a]! + sign * da;
          if (b >= 0) J[s * n + b] = J[s * n + b]! + sign * db;
        }
      }
    };
    const rows: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
    for (const [a, b, c] of reactions) {
      for (const s of b >= 0 ? [a, b, c] : [a, c]) { rows[s]!.add(a); if (b >= 0) rows[s]!.add(b); }
    }
    const rowPtr = new Int32Array(n + 1);
    const cols: number[] = [];
    let maxRow = 0;
    for (let i = 0; i < n; i++) {
      const c = [...rows[i]!].sort((x, y) => x - y);
      maxRow = Math.max(maxRow, c.length);
      cols.push(...c);
      rowPtr[i + 1] = cols.length;
    }
    const sys: OdeSystem = { n, rates, sparsity: { n, rowPtr, colIdx: Int32Array.from(cols) } };
    const m = createIterationMatrix(sys, { linearSolver: 'auto', atol: 1e-12, rtol: 1e-6 }) as SparseIterationMatrix;
    expect(m.kind).toBe('sparse');
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = 0.1 + r();
    const f0 = new Float64Array(n);
    rates(0, y, f0);
    const stats = emptyStats();
    m.evaluateJacobian(0, y, f0, stats);
    expect(stats.rhsEvals).toBeLessThanOrEqual(3 * maxRow);
    const Jd = new Float64Array(n * n);
    jacobian(0, y, Jd);
    const p = m.pattern;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let k = p.rowPtr[i]!; k < p.rowPtr[i + 1]!; k++) {
        const ref = Jd[i * n + p.colIdx[k]!]!;
        worst = Math.max(worst, Math.abs(m.J[k]! - ref) / Math.max(1e-3, Math.abs(ref)));
      }
    }
    expect(worst).toBeLessThan(1e-5);
    // (alpha I - J) x = b through the sparse LU, checked against the dense matrix.
    expect(m.factor(10, stats)).toBe(true);
    const Md = new Float64Array(n * n);
    for (let k = 0; k < n * n; k++) Md[k] = -Jd[k]!;
    for (let i = 0; i < n; i++) Md[i * n + i] = Md[i * n + i]! + 10;
    const xTrue = new Float64Array(n);
    for (let i = 0; i < n; i++) xTrue[i] = r() - 0.5;
    const x = matVec(Md, n, xTrue);
    m.solve(x, stats);
    expect(maxDiff(x, xTrue)).toBeLessThan(1e-6);
  });
});

/**
 * Iteration matrices M = alpha*I - J for implicit ODE methods (BDF Newton, Rosenbrock), dense or sparse.
 *
 * Jacobian sources, in order of preference: the system's analytic Jacobian in the storage's own format,
 * the other analytic format (dense gathered to sparse, or sparse scattered to dense), forward finite
 * differences. Finite differences:
 *   J[:, j] ~ (f(t, y + d_j e_j) - f(t, y)) / d_j,   d_j = sqrt(eps) * max(|y_j|, atol_j / rtol)
 * (the increment of CVODE's cvDlsDenseDQJac, Hindmarsh et al., ACM TOMS 31(3), 2005, with the tolerance
 * ratio atol/rtol as the "negligible size" floor instead of CVODE's step-size based minimum increment).
 * When a sparsity pattern is known, columns that share no row are perturbed together (Curtis, Powell &
 * Reid, J. Inst. Math. Appl. 13, 1974; greedy colouring of the column intersection graph, Coleman & Moré,
 * SIAM J. Numer. Anal. 20, 1983), so a network whose Jacobian has at most m nonzeros per row needs about
 * m..2m right-hand side evaluations instead of n.
 *
 * All work arrays are allocated at construction; evaluateJacobian, factor and solve allocate nothing
 * (except the sparse LU's one-time dense fallback buffer, see sparse-lu.ts).
 */
import type { OdeSystem, SolverStats, SparsityPattern } from '../types.js';
import type { CreateIterationMatrix, IterationMatrix, IterationMatrixOptions } from './types.js';
import { denseLuFactor, denseLuSolve } from './dense-lu.js';
import { SparseLu, withDiagonal } from './sparse-lu.js';

const SQRT_EPS = Math.sqrt(Number.EPSILON);

/** Finite-difference increment floors: atol_j / rtol (1e-8 when that is not a positive finite number). */
function incrementFloors(n: number, options: IterationMatrixOptions): Float64Array {
  const floor = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const a = typeof options.atol === 'number' ? options.atol : (options.atol[j] ?? options.atol[0] ?? 0);
    const v = options.rtol > 0 ? a / options.rtol : a;
    floor[j] = v > 0 && Number.isFinite(v) ? v : 1e-8;
  }
  return floor;
}

/**
 * Column groups for finite differences (Curtis–Powell–Reid). `target[q]` gives, for the q-th entry of the
 * column-compressed pattern, the index in the Jacobian storage to write.
 */
interface FdColouring {
  groupPtr: Int32Array; // length ngroups + 1
  groupCols: Int32Array; // columns, grouped
  colPtr: Int32Array; // CSC column pointers, length n + 1
  colRows: Int32Array; // CSC row indices
  target: Int32Array; // storage index of each CSC entry
}

/** Greedy colouring of the column intersection graph of `p` (columns j, k conflict when a row holds both). */
function buildColouring(p: SparsityPattern, targetOf: (i: number, j: number, k: number) => number): FdColouring {
  const n = p.n;
  const nnz = p.rowPtr[n]!;
  const colPtr = new Int32Array(n + 1);
  for (let k = 0; k < nnz; k++) { const c = p.colIdx[k]! + 1; colPtr[c] = colPtr[c]! + 1; }
  for (let j = 0; j < n; j++) colPtr[j + 1] = colPtr[j + 1]! + colPtr[j]!;
  const colRows = new Int32Array(nnz);
  const target = new Int32Array(nnz);
  const fill = colPtr.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let k = p.rowPtr[i]!; k < p.rowPtr[i + 1]!; k++) {
      const j = p.colIdx[k]!;
      const q = fill[j]!; fill[j] = q + 1;
      colRows[q] = i;
      target[q] = targetOf(i, j, k);
    }
  }
  const colour = new Int32Array(n).fill(-1);
  const forbidden = new Int32Array(n + 1).fill(-1);
  let ncol = 0;
  for (let j = 0; j < n; j++) {
    for (let q = colPtr[j]!; q < colPtr[j + 1]!; q++) {
      const i = colRows[q]!;
      for (let k = p.rowPtr[i]!; k < p.rowPtr[i + 1]!; k++) {
        const c = colour[p.colIdx[k]!]!;
        if (c >= 0) forbidden[c] = j;
      }
    }
    let c = 0;
    while (forbidden[c] === j) c++;
    colour[j] = c;
    if (c + 1 > ncol) ncol = c + 1;
  }
  const groupPtr = new Int32Array(ncol + 1);
  for (let j = 0; j < n; j++) { const c = colour[j]! + 1; groupPtr[c] = groupPtr[c]! + 1; }
  for (let c = 0; c < ncol; c++) groupPtr[c + 1] = groupPtr[c + 1]! + groupPtr[c]!;
  const groupCols = new Int32Array(n);
  const gf = groupPtr.slice(0, ncol);
  for (let j = 0; j < n; j++) { const c = colour[j]!; groupCols[gf[c]!] = j; gf[c] = gf[c]! + 1; }
  return { groupPtr, groupCols, colPtr, colRows, target };
}

/** Full n x n pattern (used when sparse storage is requested for a system without a pattern). */
function fullPattern(n: number): SparsityPattern {
  const rowPtr = new Int32Array(n + 1);
  const colIdx = new Int32Array(n * n);
  for (let i = 0; i < n; i++) {
    rowPtr[i + 1] = (i + 1) * n;
    for (let j = 0; j < n; j++) colIdx[i * n + j] = j;
  }
  return { n, rowPtr, colIdx };
}

/** Coloured forward differences into `jac` (entries not in the pattern are left untouched). */
function colouredDifferences(
  system: OdeSystem, col: FdColouring, floor: Float64Array, t: number, y: Float64Array, f0: Float64Array,
  ytmp: Float64Array, ftmp: Float64Array, inc: Float64Array, jac: Float64Array,
): number {
  const ngroups = col.groupPtr.length - 1;
  const { groupPtr, groupCols, colPtr, colRows, target } = col;
  ytmp.set(y);
  for (let g = 0; g < ngroups; g++) {
    const g0 = groupPtr[g]!, g1 = groupPtr[g + 1]!;
    for (let q = g0; q < g1; q++) {
      const j = groupCols[q]!;
      const yj = y[j]!;
      const s = Math.abs(yj) > floor[j]! ? Math.abs(yj) : floor[j]!;
      // Representable increment: (yj + d) - yj.
      const d = (yj + SQRT_EPS * s) - yj;
      inc[j] = d;
      ytmp[j] = yj + d;
    }
    system.rates(t, ytmp, ftmp);
    for (let q = g0; q < g1; q++) {
      const j = groupCols[q]!;
      const rd = 1 / inc[j]!;
      for (let p = colPtr[j]!; p < colPtr[j + 1]!; p++) {
        const i = colRows[p]!;
        jac[target[p]!] = (ftmp[i]! - f0[i]!) * rd;
      }
      ytmp[j] = y[j]!;
    }
  }
  return ngroups;
}

/** Dense row-major storage, dense LU with partial pivoting. */
export class DenseIterationMatrix implements IterationMatrix {
  readonly kind = 'dense' as const;
  readonly n: number;
  /** Stored Jacobian, row-major. */
  readonly J: Float64Array;
  /** Number of rhs evaluations one finite-difference Jacobian costs (n, or the colour count). */
  readonly fdEvals: number;
  private readonly system: OdeSystem;
  private readonly lu: Float64Array;
  private readonly piv: Int32Array;
  private readonly floor: Float64Array;
  private readonly ytmp: Float64Array;
  private readonly ftmp: Float64Array;
  private readonly inc: Float64Array;
  private readonly colouring: FdColouring | null;
  private readonly sparseVals: Float64Array | null;

  constructor(system: OdeSystem, options: IterationMatrixOptions) {
    const n = system.n;
    this.n = n;
    this.system = system;
    this.J = new Float64Array(n * n);
    this.lu = new Float64Array(n * n);
    this.piv = new Int32Array(n);
    this.floor = incrementFloors(n, options);
    this.ytmp = new Float64Array(n);
    this.ftmp = new Float64Array(n);
    this.inc = new Float64Array(n);
    const sp = system.sparsity;
    this.sparseVals = !system.jacobian && system.jacobianSparse && sp ? new Float64Array(sp.rowPtr[n]!) : null;
    if (!system.jacobian && !this.sparseVals && sp) {
      this.colouring = buildColouring(withDiagonal(sp), (i, j) => i * n + j);
      this.fdEvals = this.colouring.groupPtr.length - 1;
    } else {
      this.colouring = null;
      this.fdEvals = n;
    }
  }

  evaluateJacobian(t: number, y: Float64Array, f0: Float64Array, stats: SolverStats): void {
    const n = this.n, J = this.J, sys = this.system;
    stats.jacobianEvals++;
    if (sys.jacobian) {
      sys.jacobian(t, y, J);
      return;
    }
    if (this.sparseVals && sys.jacobianSparse && sys.sparsity) {
      const v = this.sparseVals, sp = sys.sparsity;
      sys.jacobianSparse(t, y, v);
      J.fill(0);
      for (let i = 0; i < n; i++) {
        for (let k = sp.rowPtr[i]!; k < sp.rowPtr[i + 1]!; k++) J[i * n + sp.colIdx[k]!] = v[k]!;
      }
      return;
    }
    if (this.colouring) {
      J.fill(0);
      stats.rhsEvals += colouredDifferences(sys, this.colouring, this.floor, t, y, f0, this.ytmp, this.ftmp, this.inc, J);
      return;
    }
    // One column at a time (cvDlsDenseDQJac).
    const ytmp = this.ytmp, ftmp = this.ftmp, floor = this.floor;
    ytmp.set(y);
    for (let j = 0; j < n; j++) {
      const yj = y[j]!;
      const s = Math.abs(yj) > floor[j]! ? Math.abs(yj) : floor[j]!;
      const d = (yj + SQRT_EPS * s) - yj;
      ytmp[j] = yj + d;
      sys.rates(t, ytmp, ftmp);
      ytmp[j] = yj;
      const rd = 1 / d;
      for (let i = 0; i < n; i++) J[i * n + j] = (ftmp[i]! - f0[i]!) * rd;
    }
    stats.rhsEvals += n;
  }

  factor(alpha: number, stats: SolverStats): boolean {
    const n = this.n, J = this.J, lu = this.lu;
    stats.luDecompositions++;
    for (let k = 0; k < n * n; k++) lu[k] = -J[k]!;
    for (let i = 0; i < n; i++) lu[i * n + i] = lu[i * n + i]! + alpha;
    return denseLuFactor(lu, n, this.piv) === 0;
  }

  solve(b: Float64Array, stats: SolverStats): void {
    stats.linearSolves++;
    denseLuSolve(this.lu, this.n, this.piv, b);
  }
}

/** CSR storage on pattern(J) ∪ diagonal, sparse LU (sparse-lu.ts). */
export class SparseIterationMatrix implements IterationMatrix {
  readonly kind = 'sparse' as const;
  readonly n: number;
  /** Pattern of the stored Jacobian (system pattern plus diagonal). */
  readonly pattern: SparsityPattern;
  /** Stored Jacobian values aligned with pattern.colIdx. */
  readonly J: Float64Array;
  /** Number of rhs evaluations one finite-difference Jacobian costs (the colour count). */
  readonly fdEvals: number;
  readonly lu: SparseLu;
  private readonly system: OdeSystem;
  private readonly m: Float64Array;
  private readonly floor: Float64Array;
  private readonly ytmp: Float64Array;
  private readonly ftmp: Float64Array;
  private readonly inc: Float64Array;
  private readonly colouring: FdColouring;
  /** System-pattern position -> stored position (analytic sparse Jacobian). */
  private readonly sysMap: Int32Array | null;
  private readonly sysVals: Float64Array | null;
  private readonly denseScratch: Float64Array | null;

  constructor(system: OdeSystem, options: IterationMatrixOptions) {
    const n = system.n;
    this.n = n;
    this.system = system;
    const sp = system.sparsity ?? fullPattern(n);
    this.lu = new SparseLu(sp);
    this.pattern = this.lu.aPattern;
    const p = this.pattern;
    const nnz = p.rowPtr[n]!;
    this.J = new Float64Array(nnz);
    this.m = new Float64Array(nnz);
    this.floor = incrementFloors(n, options);
    this.ytmp = new Float64Array(n);
    this.ftmp = new Float64Array(n);
    this.inc = new Float64Array(n);
    this.colouring = buildColouring(p, (_i, _j, k) => k);
    this.fdEvals = this.colouring.groupPtr.length - 1;
    if (system.jacobianSparse && system.sparsity) {
      const s = system.sparsity;
      this.sysVals = new Float64Array(s.rowPtr[n]!);
      this.sysMap = new Int32Array(s.rowPtr[n]!);
      for (let i = 0; i < n; i++) {
        let q = p.rowPtr[i]!;
        for (let k = s.rowPtr[i]!; k < s.rowPtr[i + 1]!; k++) {
          while (p.colIdx[q] !== s.colIdx[k]) q++; // both sorted; p ⊇ s
          this.sysMap[k] = q;
        }
      }
      this.denseScratch = null;
    } else {
      this.sysVals = null;
      this.sysMap = null;
      this.denseScratch = system.jacobian ? new Float64Array(n * n) : null;
    }
  }

  evaluateJacobian(t: number, y: Float64Array, f0: Float64Array, stats: SolverStats): void {
    const n = this.n, J = this.J, sys = this.system, p = this.pattern;
    stats.jacobianEvals++;
    if (this.sysVals && this.sysMap && sys.jacobianSparse) {
      const v = this.sysVals, map = this.sysMap;
      sys.jacobianSparse(t, y, v);
      J.fill(0);
      for (let k = 0; k < v.length; k++) J[map[k]!] = v[k]!;
      return;
    }
    if (this.denseScratch && sys.jacobian) {
      const d = this.denseScratch;
      sys.jacobian(t, y, d);
      for (let i = 0; i < n; i++) {
        for (let k = p.rowPtr[i]!; k < p.rowPtr[i + 1]!; k++) J[k] = d[i * n + p.colIdx[k]!]!;
      }
      return;
    }
    stats.rhsEvals += colouredDifferences(sys, this.colouring, this.floor, t, y, f0, this.ytmp, this.ftmp, this.inc, J);
  }

  factor(alpha: number, stats: SolverStats): boolean {
    const J = this.J, m = this.m, diag = this.lu.aDiag, n = this.n;
    stats.luDecompositions++;
    for (let k = 0; k < J.length; k++) m[k] = -J[k]!;
    for (let i = 0; i < n; i++) m[diag[i]!] = m[diag[i]!]! + alpha;
    return this.lu.factor(m);
  }

  solve(b: Float64Array, stats: SolverStats): void {
    stats.linearSolves++;
    this.lu.solve(b);
  }
}

/** Whether 'auto' picks sparse storage: a pattern exists, n >= 100 and density nnz / n^2 < 0.1. */
export function prefersSparse(system: OdeSystem): boolean {
  const sp = system.sparsity;
  if (!sp || system.n < 100) return false;
  const nnz = withDiagonal(sp).rowPtr[system.n]!;
  return nnz / (system.n * system.n) < 0.1;
}

/**
 * 'dense' and 'sparse' are obeyed. 'auto' picks sparse when prefersSparse(system), then checks the fill of
 * the symbolic factorisation: when the LU factors would hold more than a quarter of n^2 entries (random,
 * expander-like coupling), sparse indexing costs more than dense LU and dense storage is used instead.
 */
export const createIterationMatrix: CreateIterationMatrix = (system, options) => {
  if (options.linearSolver === 'sparse') return new SparseIterationMatrix(system, options);
  if (options.linearSolver === 'auto' && prefersSparse(system)) {
    const m = new SparseIterationMatrix(system, options);
    if (m.lu.fillNnz <= 0.25 * system.n * system.n) return m;
  }
  return new DenseIterationMatrix(system, options);
};

/**
 * Sparse LU factorisation for the iteration matrices of large, sparse reaction networks.
 *
 * Method (T. A. Davis, Direct Methods for Sparse Linear Systems, SIAM 2006; chapter numbers below refer
 * to it):
 *  1. Symbolic analysis, once per sparsity pattern:
 *     - pattern S = pattern(A) ∪ pattern(A^T) ∪ diagonal (the diagonal is always present because the
 *       iteration matrix is M = alpha*I - J);
 *     - fill-reducing symmetric permutation P by the minimum degree heuristic on the graph of S
 *       (Tinney–Walker scheme 2 / Rose's minimum degree, §7.1), run on the explicit elimination graph
 *       with a lazy binary heap; ties broken by the lowest index so the ordering is deterministic;
 *     - the filled pattern F of P S P^T is the set of edges of the elimination graph (symbolic Cholesky,
 *       §4.1): when node v is eliminated its remaining neighbours become a clique; F is symmetric.
 *  2. Numeric factorisation with static diagonal pivoting on the ordered matrix: because F is closed under
 *     elimination, no pivot search is needed and the structure is reused for every alpha. We factor
 *     B = (P A P^T)^T row by row (row-oriented Doolittle / "up-looking" LU, §6.1 ideas applied to the known
 *     pattern): B = L_B U_B, hence P A P^T = U_B^T L_B^T. Working on the transpose makes the pivot test
 *     a column test on P A P^T, as in KLU's threshold partial pivoting (Davis & Palamadai Natarajan, ACM
 *     TOMS 37(3), 2010): the diagonal pivot is accepted when |u_kk| >= pivotTol * max_i |a_ik^(k)| over
 *     column k below and on the diagonal (default pivotTol = 1e-3, KLU's default).
 *  3. Fallback: if a diagonal pivot fails the threshold test (or is zero / not finite) the matrix is
 *     factored instead by the dense LU with partial pivoting (dense-lu.ts) for that call only; the next
 *     call tries the sparse path again. The n x n dense buffer is allocated on the first fallback only.
 *     This keeps the sparse path simple and fast for the common case (M = alpha*I - J of mass-action
 *     networks has a dominant diagonal column-wise) while staying correct for any nonsingular matrix.
 *  4. Triangular solves with U_B^T (lower, non-unit) and L_B^T (upper, unit), §3.1, on a contiguous copy of the
 *     off-diagonal parts of each row (see uPtr/lPtr).
 */
import type { SparsityPattern } from '../types.js';
import { denseLuFactor, denseLuSolve } from './dense-lu.js';

/** Result of the symbolic analysis: ordering and filled pattern (symmetric, in the new numbering). */
export interface SparseLuSymbolic {
  n: number;
  /** perm[newIndex] = oldIndex. */
  perm: Int32Array;
  /** iperm[oldIndex] = newIndex. */
  iperm: Int32Array;
  /** CSR of the filled pattern F (sorted columns, diagonal included), new numbering. */
  rowPtr: Int32Array;
  colIdx: Int32Array;
  /** diagPos[i] = position of (i, i) in colIdx. */
  diagPos: Int32Array;
}

/** Pattern of A with the diagonal added (CSR, sorted). */
export function withDiagonal(p: SparsityPattern): SparsityPattern {
  const n = p.n;
  const rowPtr = new Int32Array(n + 1);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    let hasDiag = false;
    for (let k = p.rowPtr[i]!; k < p.rowPtr[i + 1]!; k++) if (p.colIdx[k] === i) hasDiag = true;
    nnz += p.rowPtr[i + 1]! - p.rowPtr[i]! + (hasDiag ? 0 : 1);
    rowPtr[i + 1] = nnz;
  }
  const colIdx = new Int32Array(nnz);
  for (let i = 0; i < n; i++) {
    let q = rowPtr[i]!;
    let placed = false;
    for (let k = p.rowPtr[i]!; k < p.rowPtr[i + 1]!; k++) {
      const j = p.colIdx[k]!;
      if (!placed && j >= i) {
        placed = true;
        if (j !== i) colIdx[q++] = i;
      }
      colIdx[q++] = j;
    }
    if (!placed) colIdx[q++] = i;
  }
  return { n, rowPtr, colIdx };
}

/** Minimal binary min-heap of non-negative numeric keys (key = degree * n + node), lazy deletion. */
class KeyHeap {
  private a: number[] = [];
  get size(): number { return this.a.length; }
  push(x: number): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= x) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = x;
  }
  pop(): number {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      const m = a.length;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= m) break;
        if (c + 1 < m && a[c + 1]! < a[c]!) c++;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

/**
 * Symbolic analysis: minimum degree ordering on the symmetrised pattern A + A^T + I and the filled pattern.
 * Cost is that of the elimination graph, paid once per sparsity pattern.
 */
export function analyzeSparseLu(pattern: SparsityPattern): SparseLuSymbolic {
  const n = pattern.n;
  // Symmetrised adjacency (without self loops), deduplicated with a marker array.
  const adj: number[][] = [];
  for (let i = 0; i < n; i++) adj.push([]);
  for (let i = 0; i < n; i++) {
    for (let k = pattern.rowPtr[i]!; k < pattern.rowPtr[i + 1]!; k++) {
      const j = pattern.colIdx[k]!;
      if (j !== i) { adj[i]!.push(j); adj[j]!.push(i); }
    }
  }
  const mark = new Int32Array(n).fill(-1);
  let stamp = 0;
  for (let i = 0; i < n; i++) {
    const src = adj[i]!;
    const out: number[] = [];
    stamp++;
    mark[i] = stamp;
    for (const j of src) if (mark[j] !== stamp) { mark[j] = stamp; out.push(j); }
    adj[i] = out;
  }

  // Minimum degree on the explicit elimination graph (Davis 2006, §7.1).
  const eliminated = new Uint8Array(n);
  const degree = new Int32Array(n);
  const heap = new KeyHeap();
  for (let i = 0; i < n; i++) { degree[i] = adj[i]!.length; heap.push(degree[i]! * n + i); }
  const perm = new Int32Array(n);
  const iperm = new Int32Array(n);
  const structOf: number[][] = new Array<number[]>(n); // neighbours (old numbering) at elimination
  let next = 0;
  while (next < n) {
    const key = heap.pop();
    const v = key % n;
    const d = (key - v) / n;
    if (eliminated[v] || d !== degree[v]) continue; // stale heap entry
    eliminated[v] = 1;
    perm[next] = v;
    iperm[v] = next;
    next++;
    const nb = adj[v]!; // all live (kept clean below)
    structOf[v] = nb;
    // The neighbours of v become a clique; v leaves their adjacency.
    for (const u of nb) {
      stamp++;
      mark[u] = stamp;
      mark[v] = stamp;
      const out: number[] = [];
      for (const w of adj[u]!) if (mark[w] !== stamp) { mark[w] = stamp; out.push(w); }
      for (const w of nb) if (mark[w] !== stamp) { mark[w] = stamp; out.push(w); }
      adj[u] = out;
      if (out.length !== degree[u]) { degree[u] = out.length; heap.push(out.length * n + u); }
    }
    adj[v] = [];
  }

  // Filled symmetric pattern in the new numbering: row p(v) holds p(v) and p(u) for u in struct(v) (upper
  // part), and by symmetry the lower part.
  const count = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const pv = iperm[v]!;
    const s = structOf[v]!;
    count[pv] = count[pv]! + 1 + s.length;
    for (const u of s) count[iperm[u]!] = count[iperm[u]!]! + 1;
  }
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i]! + count[i]!;
  const colIdx = new Int32Array(rowPtr[n]!);
  const fillPos = rowPtr.slice(0, n);
  for (let v = 0; v < n; v++) {
    const pv = iperm[v]!;
    colIdx[fillPos[pv]!] = pv; fillPos[pv] = fillPos[pv]! + 1;
    for (const u of structOf[v]!) {
      const pu = iperm[u]!;
      colIdx[fillPos[pv]!] = pu; fillPos[pv] = fillPos[pv]! + 1;
      colIdx[fillPos[pu]!] = pv; fillPos[pu] = fillPos[pu]! + 1;
    }
  }
  const diagPos = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = colIdx.subarray(rowPtr[i]!, rowPtr[i + 1]!);
    row.sort();
    for (let k = 0; k < row.length; k++) if (row[k] === i) diagPos[i] = rowPtr[i]! + k;
  }
  return { n, perm, iperm, rowPtr, colIdx, diagPos };
}

export interface SparseLuOptions {
  /** Threshold for accepting a diagonal pivot relative to its column (KLU's tol). Default 1e-3. */
  pivotTol?: number;
}

/**
 * Sparse LU of matrices with a fixed pattern. Values are passed in the pattern `aPattern` (= the input
 * pattern with the diagonal added, see withDiagonal), aligned with aPattern.colIdx.
 */
export class SparseLu {
  readonly n: number;
  /** Input pattern with the diagonal added; factor() takes values aligned with it. */
  readonly aPattern: SparsityPattern;
  /** aDiag[i] = position of (i, i) in aPattern. */
  readonly aDiag: Int32Array;
  readonly symbolic: SparseLuSymbolic;
  /** Number of entries in the filled factors L + U. */
  readonly fillNnz: number;
  /** True when the last factor() used the dense partial-pivoting fallback. */
  usedDenseFallback = false;
  /** How many factor() calls fell back to dense LU. */
  denseFallbacks = 0;
  private readonly pivotTol: number;
  /** Map from aPattern position to the LU storage position of the transposed, permuted entry. */
  private readonly mapA: Int32Array;
  private readonly lu: Float64Array;
  private readonly w: Float64Array;
  private readonly x: Float64Array;
  private dense: Float64Array | null = null;
  private densePiv: Int32Array | null = null;
  /**
   * The factors re-stored for the triangular solves, row by row of B without the indirection through diagPos:
   * U_B strictly above the diagonal (uPtr/uIdx/uVal), L_B strictly below (lPtr/lIdx/lVal) and the diagonal
   * (diag). Same values and the same operation order as solving on `lu`, but contiguous: ~1.7x faster solves.
   */
  private readonly uPtr: Int32Array;
  private readonly uIdx: Int32Array;
  private readonly uPos: Int32Array;
  private readonly uVal: Float64Array;
  private readonly lPtr: Int32Array;
  private readonly lIdx: Int32Array;
  private readonly lPos: Int32Array;
  private readonly lVal: Float64Array;
  private readonly diag: Float64Array;

  constructor(pattern: SparsityPattern, options: SparseLuOptions = {}) {
    this.n = pattern.n;
    this.pivotTol = options.pivotTol ?? 1e-3;
    this.aPattern = withDiagonal(pattern);
    const n = this.n;
    const ap = this.aPattern;
    this.aDiag = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      for (let k = ap.rowPtr[i]!; k < ap.rowPtr[i + 1]!; k++) if (ap.colIdx[k] === i) this.aDiag[i] = k;
    }
    const sym = analyzeSparseLu(ap);
    this.symbolic = sym;
    this.fillNnz = sym.rowPtr[n]!;
    this.lu = new Float64Array(this.fillNnz);
    this.w = new Float64Array(n);
    this.x = new Float64Array(n);
    {
      const { rowPtr, colIdx, diagPos } = sym;
      this.uPtr = new Int32Array(n + 1);
      this.lPtr = new Int32Array(n + 1);
      for (let i = 0; i < n; i++) {
        this.uPtr[i + 1] = this.uPtr[i]! + rowPtr[i + 1]! - diagPos[i]! - 1;
        this.lPtr[i + 1] = this.lPtr[i]! + diagPos[i]! - rowPtr[i]!;
      }
      const nu = this.uPtr[n]!, nl = this.lPtr[n]!;
      this.uIdx = new Int32Array(nu);
      this.uPos = new Int32Array(nu);
      this.uVal = new Float64Array(nu);
      this.lIdx = new Int32Array(nl);
      this.lPos = new Int32Array(nl);
      this.lVal = new Float64Array(nl);
      this.diag = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let q = this.uPtr[i]!;
        for (let p = diagPos[i]! + 1; p < rowPtr[i + 1]!; p++, q++) {
          this.uIdx[q] = colIdx[p]!;
          this.uPos[q] = p;
        }
        q = this.lPtr[i]!;
        for (let p = rowPtr[i]!; p < diagPos[i]!; p++, q++) {
          this.lIdx[q] = colIdx[p]!;
          this.lPos[q] = p;
        }
      }
    }
    // Entry A[r, c] goes to B = (P A P^T)^T at (iperm[c], iperm[r]); find its position by scanning the
    // sorted row once with a dense position marker.
    this.mapA = new Int32Array(ap.colIdx.length);
    const posInRow = new Int32Array(n).fill(-1);
    // Group A's entries by B row (= iperm[c]) using a CSC view of A.
    const cnt = new Int32Array(n + 1);
    for (let k = 0; k < ap.colIdx.length; k++) { const c = ap.colIdx[k]! + 1; cnt[c] = cnt[c]! + 1; }
    for (let j = 0; j < n; j++) cnt[j + 1] = cnt[j + 1]! + cnt[j]!;
    const cscRow = new Int32Array(ap.colIdx.length);
    const cscPos = new Int32Array(ap.colIdx.length);
    const fill = cnt.slice(0, n);
    for (let r = 0; r < n; r++) {
      for (let k = ap.rowPtr[r]!; k < ap.rowPtr[r + 1]!; k++) {
        const c = ap.colIdx[k]!;
        const q = fill[c]!; fill[c] = q + 1;
        cscRow[q] = r; cscPos[q] = k;
      }
    }
    for (let c = 0; c < n; c++) {
      const bi = sym.iperm[c]!;
      for (let q = sym.rowPtr[bi]!; q < sym.rowPtr[bi + 1]!; q++) posInRow[sym.colIdx[q]!] = q;
      for (let q = cnt[c]!; q < cnt[c + 1]!; q++) {
        const pos = posInRow[sym.iperm[cscRow[q]!]!]!;
        if (pos < 0) throw new Error('sparse LU: entry outside the filled pattern (internal error)');
        this.mapA[cscPos[q]!] = pos;
      }
      for (let q = sym.rowPtr[bi]!; q < sym.rowPtr[bi + 1]!; q++) posInRow[sym.colIdx[q]!] = -1;
    }
  }

  /**
   * Factor the matrix whose values (aligned with aPattern.colIdx) are `a`. Returns false when the matrix
   * is singular to working precision (zero pivot even with partial pivoting).
   */
  factor(a: Float64Array): boolean {
    const n = this.n;
    const lu = this.lu, w = this.w, map = this.mapA;
    const { rowPtr, colIdx, diagPos } = this.symbolic;
    const tol = this.pivotTol;
    lu.fill(0);
    for (let k = 0; k < map.length; k++) lu[map[k]!] = a[k]!;
    let ok = true;
    // Row-oriented Doolittle on B = (P A P^T)^T over the static filled pattern.
    for (let i = 0; i < n; i++) {
      const r0 = rowPtr[i]!, r1 = rowPtr[i + 1]!, di = diagPos[i]!;
      for (let p = r0; p < r1; p++) w[colIdx[p]!] = lu[p]!;
      for (let p = r0; p < di; p++) {
        const k = colIdx[p]!;
        const lik = w[k]! / lu[diagPos[k]!]!;
        w[k] = lik;
        if (lik !== 0) {
          const k1 = rowPtr[k + 1]!;
          for (let q = diagPos[k]! + 1; q < k1; q++) {
            const j = colIdx[q]!;
            w[j] = w[j]! - lik * lu[q]!;
          }
        }
      }
      let umax = 0;
      for (let p = r0; p < r1; p++) {
        const j = colIdx[p]!;
        const v = w[j]!;
        lu[p] = v;
        w[j] = 0;
        if (p >= di) { const av = Math.abs(v); if (av > umax) umax = av; }
      }
      const piv = Math.abs(lu[di]!);
      // Threshold test (column of P A P^T = row of B): reject tiny, zero or non-finite pivots.
      if (!(piv > 0) || !(piv >= tol * umax) || !Number.isFinite(umax)) { ok = false; break; }
    }
    if (ok) {
      this.usedDenseFallback = false;
      const uVal = this.uVal, uPos = this.uPos, lVal = this.lVal, lPos = this.lPos, diag = this.diag;
      for (let q = 0; q < uVal.length; q++) uVal[q] = lu[uPos[q]!]!;
      for (let q = 0; q < lVal.length; q++) lVal[q] = lu[lPos[q]!]!;
      for (let i = 0; i < n; i++) diag[i] = lu[diagPos[i]!]!;
      return true;
    }
    // Dense fallback with partial pivoting (see header, point 3).
    w.fill(0);
    this.usedDenseFallback = true;
    this.denseFallbacks++;
    if (this.dense === null) {
      this.dense = new Float64Array(n * n);
      this.densePiv = new Int32Array(n);
    }
    const dn = this.dense;
    dn.fill(0);
    const ap = this.aPattern;
    for (let r = 0; r < n; r++) {
      for (let k = ap.rowPtr[r]!; k < ap.rowPtr[r + 1]!; k++) dn[r * n + ap.colIdx[k]!] = a[k]!;
    }
    return denseLuFactor(dn, n, this.densePiv!) === 0;
  }

  /** Solve A x = b in place with the last factorisation. */
  solve(b: Float64Array): void {
    const n = this.n;
    if (this.usedDenseFallback) {
      denseLuSolve(this.dense!, n, this.densePiv!, b);
      return;
    }
    const perm = this.symbolic.perm;
    const x = this.x, diag = this.diag;
    const uPtr = this.uPtr, uIdx = this.uIdx, uVal = this.uVal;
    const lPtr = this.lPtr, lIdx = this.lIdx, lVal = this.lVal;
    // P A P^T = U_B^T L_B^T. Permute: x = P b.
    for (let i = 0; i < n; i++) x[i] = b[perm[i]!]!;
    // Forward: U_B^T z = x (row i of U_B is column i of the lower factor), column-oriented.
    for (let i = 0; i < n; i++) {
      const zi = x[i]! / diag[i]!;
      x[i] = zi;
      if (zi !== 0) {
        const q1 = uPtr[i + 1]!;
        for (let q = uPtr[i]!; q < q1; q++) {
          const j = uIdx[q]!;
          x[j] = x[j]! - uVal[q]! * zi;
        }
      }
    }
    // Backward: L_B^T y = z (unit upper; row i of L_B is column i of L_B^T), column-oriented.
    for (let i = n - 1; i > 0; i--) {
      const xi = x[i]!;
      if (xi !== 0) {
        const q1 = lPtr[i + 1]!;
        for (let q = lPtr[i]!; q < q1; q++) {
          const j = lIdx[q]!;
          x[j] = x[j]! - lVal[q]! * xi;
        }
      }
    }
    // Undo the permutation: b = P^T y.
    for (let i = 0; i < n; i++) b[perm[i]!] = x[i]!;
  }
}

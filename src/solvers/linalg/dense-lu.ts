/**
 * Dense LU factorisation with partial (row) pivoting, in place, row-major storage.
 *
 * Semantics follow LAPACK dgetrf / dgetrs (Anderson et al., LAPACK Users' Guide, 3rd ed., SIAM 1999):
 *   P A = L U, L unit lower triangular (stored strictly below the diagonal), U upper triangular
 *   (stored on and above the diagonal); piv[k] = row swapped with row k at step k (0-based here).
 * Algorithm: right-looking outer-product Gaussian elimination (Golub & Van Loan, Matrix Computations,
 * 4th ed., Alg. 3.4.1). With row-major storage the rank-1 update a[i, k+1:n] -= l_ik * a[k, k+1:n] runs
 * along contiguous memory, and row interchanges swap contiguous rows.
 */

/**
 * Factor the n x n row-major matrix `a` in place. Returns 0 on success, or k + 1 (1-based, as LAPACK's
 * INFO) if U[k, k] is exactly zero (or not finite): the matrix is singular to working precision and
 * the factorisation must not be used for solving. Elimination continues past a zero pivot like dgetrf.
 */
export function denseLuFactor(a: Float64Array, n: number, piv: Int32Array): number {
  let info = 0;
  for (let k = 0; k < n; k++) {
    // Pivot search in column k (strided: the only non-contiguous access).
    let p = k;
    let amax = Math.abs(a[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]!);
      if (v > amax) { amax = v; p = i; }
    }
    piv[k] = p;
    if (!(amax > 0) || !Number.isFinite(amax)) {
      // Zero (or NaN) column below the diagonal: record the first singular pivot and skip elimination.
      if (info === 0) info = k + 1;
      continue;
    }
    const rk = k * n;
    if (p !== k) {
      // Swap whole rows k and p (LAPACK swaps the full row, including the already-computed L part).
      const rp = p * n;
      for (let j = 0; j < n; j++) {
        const t = a[rk + j]!; a[rk + j] = a[rp + j]!; a[rp + j] = t;
      }
    }
    const inv = 1 / a[rk + k]!;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const lik = a[ri + k]! * inv;
      a[ri + k] = lik;
      if (lik !== 0) {
        // Rank-1 update of row i over the trailing columns (contiguous).
        for (let j = k + 1; j < n; j++) a[ri + j] = a[ri + j]! - lik * a[rk + j]!;
      }
    }
  }
  return info;
}

/** Solve A x = b using the factors from denseLuFactor; b is overwritten by x (dgetrs, 'N'). */
export function denseLuSolve(lu: Float64Array, n: number, piv: Int32Array, b: Float64Array): void {
  // Apply the row interchanges P b in the order they were made.
  for (let k = 0; k < n; k++) {
    const p = piv[k]!;
    if (p !== k) { const t = b[k]!; b[k] = b[p]!; b[p] = t; }
  }
  // Forward substitution L y = P b (unit diagonal), row-oriented dot products.
  for (let i = 1; i < n; i++) {
    const ri = i * n;
    let s = b[i]!;
    for (let j = 0; j < i; j++) s -= lu[ri + j]! * b[j]!;
    b[i] = s;
  }
  // Back substitution U x = y.
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    let s = b[i]!;
    for (let j = i + 1; j < n; j++) s -= lu[ri + j]! * b[j]!;
    b[i] = s / lu[ri + i]!;
  }
}

/**
 * Singularity check on a computed factorisation: true when some |U[k, k]| <= tol * max_k |U[k, k]|
 * (default tol = n * eps, a cheap estimate; the pivot ratio is a lower bound for 1 / cond(A) up to
 * growth, Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §9.3), or a pivot is zero
 * or not finite.
 */
export function denseLuIsSingular(lu: Float64Array, n: number, tol = n * Number.EPSILON): boolean {
  let umax = 0;
  for (let k = 0; k < n; k++) {
    const d = Math.abs(lu[k * n + k]!);
    if (!Number.isFinite(d)) return true;
    if (d > umax) umax = d;
  }
  if (umax === 0) return n > 0;
  const thr = tol * umax;
  for (let k = 0; k < n; k++) if (!(Math.abs(lu[k * n + k]!) > thr)) return true;
  return false;
}

/**
 * Solve the small system A x = b in one call (A n x n row-major, overwritten by its factors; b unchanged):
 * denseLuFactor + denseLuSolve. Returns false when A is singular or the solution is not finite. For the Newton
 * iterations of the compiler's algebraic-rule and fast-reaction solves.
 */
export function denseSolve(a: Float64Array, b: Float64Array, x: Float64Array, n: number): boolean {
  const piv = new Int32Array(n);
  if (denseLuFactor(a, n, piv) !== 0) return false;
  x.set(b);
  denseLuSolve(a, n, piv, x);
  for (let k = 0; k < n; k++) if (!Number.isFinite(x[k]!)) return false;
  return true;
}

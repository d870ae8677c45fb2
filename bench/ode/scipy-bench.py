#!/usr/bin/python3
"""SciPy peer for bench/ode: solve_ivp with BDF, Radau and LSODA on the generated problems.

Usage: scipy-bench.py <problems.json> <problem> <method> <rtol> <atol> <reps>
Prints one JSON line (same fields as cvode-bench): final state, counters, best wall time of `reps` fresh
solves (time covers the solve_ivp call only; the rhs/Jacobian closures are built once, outside the timing).

The right-hand side and the analytic Jacobian are vectorised numpy code built from the reaction tables of
gen-network.mjs (the idiomatic fast way to write a mass-action network for SciPy; a Python loop over 2,000
reactions would be far slower):
    v_r  = k_r * y[a_r] * y[b_r]            (y padded with a trailing 1.0 for missing reactants)
    f    = bincount(species, N * v[r])       (N = net stoichiometry, triples (i, r, N_ir))
    J    = sum over (reaction r, reactant j, species i) of N_ir * m * k_r * y[other]   -> CSC (BDF, Radau)
           or dense ndarray (LSODA, which only takes dense or banded Jacobians).
Linear algebra: dense LAPACK LU for LSODA and for n < 100, sparse SuperLU (splu) for BDF/Radau on the network.
Counters: steps = len(sol.t) - 1 (solve_ivp records every step when t_eval is None), rhsEvals = nfev,
jacobianEvals = njev, luDecompositions = nlu (LSODA does not report nlu: null).
"""
import json
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
from scipy.integrate import solve_ivp


def build(prob, dense_jac):
    n = prob["n"]
    k = np.array(prob["k"], dtype=float)
    ra = np.array([a for a, _ in prob["reactants"]], dtype=np.int64)
    rb = np.array([b for _, b in prob["reactants"]], dtype=np.int64)
    ra[ra < 0] = n  # index of the padding 1.0
    rb[rb < 0] = n
    st = np.array(prob["stoich"], dtype=float).reshape(-1, 3)
    si = st[:, 0].astype(np.int64)
    sr = st[:, 1].astype(np.int64)
    sv = st[:, 2]

    # Jacobian terms: for each reaction r and each reactant slot (a or b): d v_r / d y_slot = k_r * y[other]
    rows, cols, coef, other = [], [], [], []
    for s in range(len(si)):
        i, r, nu = si[s], sr[s], sv[s]
        for slot, oth in ((ra[r], rb[r]), (rb[r], ra[r])):
            if slot == n:
                continue
            rows.append(i)
            cols.append(slot)
            coef.append(nu * k[r])
            other.append(oth)
    rows = np.array(rows, dtype=np.int64)
    cols = np.array(cols, dtype=np.int64)
    coef = np.array(coef)
    other = np.array(other, dtype=np.int64)
    # CSC pattern (with diagonal) and the position of every term in it
    pat = sp.csc_matrix((np.ones(len(rows) + n), (np.r_[rows, np.arange(n)], np.r_[cols, np.arange(n)])), shape=(n, n))
    pat.sum_duplicates()
    pat.sort_indices()
    indptr, indices = pat.indptr.copy(), pat.indices.copy()
    pos = np.empty(len(rows), dtype=np.int64)
    for t in range(len(rows)):
        c = cols[t]
        lo, hi = indptr[c], indptr[c + 1]
        pos[t] = lo + np.searchsorted(indices[lo:hi], rows[t])
    nnz = len(indices)
    yext = np.empty(n + 1)
    yext[n] = 1.0
    sk = sv  # stoichiometric weights

    def rhs(t, y):
        yext[:n] = y
        v = k * yext[ra] * yext[rb]
        return np.bincount(si, weights=sk * v[sr], minlength=n)

    def jac_values(y):
        yext[:n] = y
        return np.bincount(pos, weights=coef * yext[other], minlength=nnz)

    if dense_jac:
        def jac(t, y):
            return sp.csc_matrix((jac_values(y), indices, indptr), shape=(n, n)).toarray()
    else:
        def jac(t, y):
            return sp.csc_matrix((jac_values(y), indices, indptr), shape=(n, n))
    return rhs, jac, pat


def main():
    path, name, method, rtol, atol, reps = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
    prob = json.load(open(path))[name]
    # Dense Jacobian (LAPACK LU) for LSODA and for small problems (n < 100), sparse CSC (SuperLU) otherwise.
    dense = method == "LSODA" or prob["n"] < 100
    rhs, jac, pat = build(prob, dense_jac=dense)
    y0 = np.array(prob["y0"], dtype=float)
    t_end = float(prob["tEnd"])
    times = []
    sol = None
    for _ in range(reps):
        t0 = time.perf_counter()
        sol = solve_ivp(rhs, (0.0, t_end), y0, method=method, rtol=rtol, atol=atol, jac=jac)
        times.append((time.perf_counter() - t0) * 1e3)
        if sol.status != 0:
            print(json.dumps({"tool": "scipy", "method": method, "problem": name, "rtol": rtol, "atol": atol, "error": sol.message}))
            return 0
    y = sol.y[:, -1]
    out = {
        "tool": "scipy",
        "method": method,
        "problem": name,
        "rtol": rtol,
        "atol": atol,
        "linearSolver": "dense" if dense else "sparse (SuperLU)",
        "timeMs": min(times),
        "timesMs": times,
        "steps": int(len(sol.t) - 1),
        "rhsEvals": int(sol.nfev),
        "jacobianEvals": int(sol.njev),
        "luDecompositions": int(sol.nlu) if method != "LSODA" else None,
        "tEndReached": float(sol.t[-1]),
        "y": [float(v) for v in y],
        "scipy": scipy.__version__,
        "numpy": np.__version__,
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

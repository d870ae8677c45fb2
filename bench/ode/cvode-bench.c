/*
 * CVODE peer for bench/ode: integrates one generated problem (problems_gen.h from gen-network.mjs) with
 * SUNDIALS CVODE (variable-order BDF 1-5, Newton iteration, analytic Jacobian) and prints one JSON line:
 * final state, counters and wall times of `reps` fresh solves (each rep creates context, vectors, matrix,
 * linear solver and integrator from scratch; the time covers creation + solve, not freeing).
 *
 *   usage: cvode-bench <rober|hires|network> <rtol> <atol> <reps> [dense|klu]
 *
 * Linear solver: dense LU (SUNLinSol_Dense + SUNDenseMatrix) by default; `klu` = SUNLinSol_KLU with a CSR
 * SUNSparseMatrix and the analytic sparse Jacobian (pattern fixed, values refilled per evaluation).
 * Tolerances: CVodeSStolerances(rtol, atol), error weights w_i = 1 / (rtol |y_i| + atol) (CVODE guide 2.1).
 * The run stops exactly at t_end (CVodeSetStopTime), as SciPy's solve_ivp and ExoSim do.
 * Reference: Hindmarsh et al., ACM TOMS 31 (2005) 363-396; SUNDIALS 6.x API with SUNContext.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunmatrix/sunmatrix_sparse.h>
#include <sunlinsol/sunlinsol_dense.h>
#ifdef HAVE_KLU
#include <sunlinsol/sunlinsol_klu.h>
#endif

#include "problems_gen.h"

typedef struct {
  const char *name;
  int n, nnz;
  double tEnd;
  const double *y0;
  const int *rowPtr, *colIdx;
  void (*rhs)(const double *, double *);
  void (*jac)(const double *, double *);
  double *jvals; /* scratch for CSR values (dense path) */
} Problem;

static Problem P;

static int f_cb(sunrealtype t, N_Vector y, N_Vector ydot, void *ud) {
  (void)t; (void)ud;
  P.rhs(N_VGetArrayPointer(y), N_VGetArrayPointer(ydot));
  return 0;
}

static int jac_dense_cb(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void *ud, N_Vector t1, N_Vector t2, N_Vector t3) {
  (void)t; (void)fy; (void)ud; (void)t1; (void)t2; (void)t3;
  P.jac(N_VGetArrayPointer(y), P.jvals);
  SUNMatZero(J);
  for (int i = 0; i < P.n; i++)
    for (int k = P.rowPtr[i]; k < P.rowPtr[i + 1]; k++) SM_ELEMENT_D(J, i, P.colIdx[k]) = P.jvals[k];
  return 0;
}

#ifdef HAVE_KLU
static int jac_sparse_cb(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void *ud, N_Vector t1, N_Vector t2, N_Vector t3) {
  (void)t; (void)fy; (void)ud; (void)t1; (void)t2; (void)t3;
  sunindextype *rp = SUNSparseMatrix_IndexPointers(J), *ci = SUNSparseMatrix_IndexValues(J);
  for (int i = 0; i <= P.n; i++) rp[i] = P.rowPtr[i];
  for (int k = 0; k < P.nnz; k++) ci[k] = P.colIdx[k];
  P.jac(N_VGetArrayPointer(y), SUNSparseMatrix_Data(J));
  return 0;
}
#endif

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static void die(const char *what, int flag) {
  fprintf(stderr, "cvode-bench: %s failed (flag %d)\n", what, flag);
  exit(2);
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: cvode-bench <rober|hires|network> <rtol> <atol> <reps> [dense|klu]\n");
    return 2;
  }
  const char *name = argv[1];
  double rtol = atof(argv[2]), atol = atof(argv[3]);
  int reps = atoi(argv[4]);
  const char *linsol = argc > 5 ? argv[5] : "dense";
#define SETP(X, NN, NZ) { P.name = #X; P.n = NN; P.nnz = NZ; P.tEnd = X##_tEnd; P.y0 = X##_y0; P.rowPtr = X##_rowPtr; P.colIdx = X##_colIdx; P.rhs = X##_rhs; P.jac = X##_jac; }
  if (!strcmp(name, "rober")) SETP(rober, ROBER_N, ROBER_NNZ)
  else if (!strcmp(name, "hires")) SETP(hires, HIRES_N, HIRES_NNZ)
  else if (!strcmp(name, "network")) SETP(network, NETWORK_N, NETWORK_NNZ)
  else { fprintf(stderr, "cvode-bench: unknown problem %s\n", name); return 2; }
  P.jvals = malloc(sizeof(double) * P.nnz);
  int useKlu = !strcmp(linsol, "klu");
#ifndef HAVE_KLU
  if (useKlu) { fprintf(stderr, "cvode-bench: built without KLU\n"); return 2; }
#endif

  double best = INFINITY;
  double *times = malloc(sizeof(double) * reps);
  long nst = 0, nfe = 0, nfeLS = 0, nje = 0, nsetups = 0, netf = 0, nni = 0, ncfn = 0;
  double *yend = malloc(sizeof(double) * P.n);
  for (int rep = 0; rep < reps; rep++) {
    double t0 = now_ms();
    SUNContext ctx;
    int flag = SUNContext_Create(NULL, &ctx);
    if (flag) die("SUNContext_Create", flag);
    N_Vector y = N_VNew_Serial(P.n, ctx);
    double *yd = N_VGetArrayPointer(y);
    for (int i = 0; i < P.n; i++) yd[i] = P.y0[i];
    void *mem = CVodeCreate(CV_BDF, ctx);
    if ((flag = CVodeInit(mem, f_cb, 0.0, y))) die("CVodeInit", flag);
    if ((flag = CVodeSStolerances(mem, rtol, atol))) die("CVodeSStolerances", flag);
    SUNMatrix A;
    SUNLinearSolver LS;
    if (useKlu) {
#ifdef HAVE_KLU
      A = SUNSparseMatrix(P.n, P.n, P.nnz, CSR_MAT, ctx);
      LS = SUNLinSol_KLU(y, A, ctx);
#endif
    } else {
      A = SUNDenseMatrix(P.n, P.n, ctx);
      LS = SUNLinSol_Dense(y, A, ctx);
    }
    if ((flag = CVodeSetLinearSolver(mem, LS, A))) die("CVodeSetLinearSolver", flag);
#ifdef HAVE_KLU
    if ((flag = CVodeSetJacFn(mem, useKlu ? jac_sparse_cb : jac_dense_cb))) die("CVodeSetJacFn", flag);
#else
    if ((flag = CVodeSetJacFn(mem, jac_dense_cb))) die("CVodeSetJacFn", flag);
#endif
    CVodeSetMaxNumSteps(mem, 10000000);
    CVodeSetStopTime(mem, P.tEnd);
    double t = 0.0;
    flag = CVode(mem, P.tEnd, y, &t, CV_NORMAL);
    if (flag < 0) die("CVode", flag);
    times[rep] = now_ms() - t0;
    if (times[rep] < best) best = times[rep];
    CVodeGetNumSteps(mem, &nst);
    CVodeGetNumRhsEvals(mem, &nfe);
    CVodeGetNumLinRhsEvals(mem, &nfeLS);
    CVodeGetNumJacEvals(mem, &nje);
    CVodeGetNumLinSolvSetups(mem, &nsetups);
    CVodeGetNumErrTestFails(mem, &netf);
    CVodeGetNumNonlinSolvIters(mem, &nni);
    CVodeGetNumNonlinSolvConvFails(mem, &ncfn);
    for (int i = 0; i < P.n; i++) yend[i] = yd[i];
    CVodeFree(&mem);
    SUNLinSolFree(LS);
    SUNMatDestroy(A);
    N_VDestroy(y);
    SUNContext_Free(&ctx);
  }
  /* max |f(y_end)|: how close the end state is to a steady state */
  double *fend = malloc(sizeof(double) * P.n), fmax = 0;
  P.rhs(yend, fend);
  for (int i = 0; i < P.n; i++) if (fabs(fend[i]) > fmax) fmax = fabs(fend[i]);

  printf("{\"tool\":\"cvode\",\"method\":\"BDF\",\"problem\":\"%s\",\"rtol\":%.3e,\"atol\":%.3e,\"linearSolver\":\"%s\",", P.name, rtol, atol, useKlu ? "klu" : "dense");
  printf("\"timeMs\":%.6f,\"timesMs\":[", best);
  for (int r = 0; r < reps; r++) printf("%s%.6f", r ? "," : "", times[r]);
  printf("],\"steps\":%ld,\"rhsEvals\":%ld,\"jacobianEvals\":%ld,\"luDecompositions\":%ld,\"rejectedSteps\":%ld,\"newtonIterations\":%ld,\"newtonFailures\":%ld,",
         nst, nfe + nfeLS, nje, nsetups, netf, nni, ncfn);
  printf("\"maxAbsRhsAtEnd\":%.6e,\"y\":[", fmax);
  for (int i = 0; i < P.n; i++) printf("%s%.17g", i ? "," : "", yend[i]);
  printf("]}\n");
  return 0;
}

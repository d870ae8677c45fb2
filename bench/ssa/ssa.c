/*
 * bench/ssa reference: Gillespie's direct method (Gillespie 1977, J. Phys. Chem. 81:2340) in plain C, with a
 * dependency graph for the propensity updates (Gibson & Bruck 2000, J. Phys. Chem. A 104:1876, section 3) and
 * the xoshiro256+ generator (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators"), seeded
 * by splitmix64. Compiled by bench/ssa/run.sh with `cc -O2`. No Debian package ships an SSA, so this is the peer
 * the ExoSim engines are measured against.
 *
 * Model description (written by bench/ssa/gen-models.mjs, the same network as the ExoSim model):
 *   ssa-model 1
 *   species <n>
 *   <id> <x0>                                   (n lines; copy numbers)
 *   reactions <m>
 *   <id> <c> <nr> (<species> <order>)*nr <nc> (<species> <delta>)*nc     (m lines)
 * Lines starting with '#' are comments. Mass-action propensity (Gillespie 1977, eq. 13-14):
 *   a_r(x) = c_r * prod_j h(x_j, order_j),  h(x,1) = x, h(x,2) = x(x-1)/2, h(x,3) = x(x-1)(x-2)/6
 * (the number of distinct reactant combinations; c_r in firings per time per combination). When reaction r fires,
 * x_i += delta_i for its change list (net stoichiometry).
 *
 * Algorithm, per step: tau = -ln(1 - u1) / a0 (exponential waiting time), then the reaction is the first r with
 * sum_{k<=r} a_k > u2 * a0 (linear search, the "direct method"); x changes; the propensities of the reactions
 * reading a changed species are recomputed (dependency graph) and a0 is updated by their differences. To bound
 * round-off drift, a0 is re-summed from scratch every 2^16 steps (and whenever the search runs past the end).
 *
 * Usage:
 *   ssa bench <model.txt> --t-end T [--outputs K] [--seed S] [--reps R]
 *       R timed replicates from x0 to T (replicate i seeded with S + i), K + 1 equally spaced output times
 *       recorded (as the ExoSim side does); one JSON line per replicate:
 *       {"rep":i,"firings":F,"seconds":s,"cpuSeconds":c,"eventsPerSecond":F/s,"eventsPerCpuSecond":F/c,"checksum":sum of final state}
 *       Timing covers the simulation loop incl. output recording, not parsing: wall time (CLOCK_MONOTONIC) and the
 *       process's CPU time (CLOCK_PROCESS_CPUTIME_ID: robust to time-slicing on a loaded machine).
 *   ssa stats <model.txt> --t-end T [--outputs K] [--seed S] [--replicates N]
 *       N replicates; one JSON object: {"times":[...],"species":[...],"mean":[[...]...],"sd":[[...]...],"firings":F}
 *       mean[i][j] / sd[i][j] = sample mean / SD of species j at output time i.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------- xoshiro256+ (Blackman & Vigna 2018), seeded by splitmix64 ---------- */
typedef struct { uint64_t s[4]; } rng_t;

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
static void rng_seed(rng_t *r, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}
static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
/* uniform in [0, 1) with 53 random bits (the upper bits: xoshiro256+'s low bits are weaker) */
static inline double rng_next(rng_t *r) {
  uint64_t *s = r->s;
  const uint64_t result = s[0] + s[3];
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return (double)(result >> 11) * 0x1.0p-53;
}

/* ---------- model ---------- */
typedef struct {
  int n, m;
  char **names;
  double *x0;
  double *c;
  int *rPtr, *rIdx, *rOrd;  /* reactants (CSR) */
  int *cPtr, *cIdx;         /* state changes (CSR) */
  double *cVal;
  int *dPtr, *dIdx;         /* dependency graph: reactions to update after r fires (CSR) */
} model_t;

static void die(const char *msg, const char *arg) {
  fprintf(stderr, "ssa: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
  exit(2);
}

static char *next_token(FILE *f, char *buf, size_t len) {
  for (;;) {
    if (fscanf(f, " %1023s", buf) != 1) return NULL;
    if (buf[0] == '#') { /* comment: skip the rest of the line */
      int ch;
      while ((ch = fgetc(f)) != EOF && ch != '\n') {}
      continue;
    }
    (void)len;
    return buf;
  }
}
static double read_num(FILE *f, char *buf) {
  if (!next_token(f, buf, 1024)) die("unexpected end of model file", NULL);
  char *end;
  double v = strtod(buf, &end);
  if (*end) die("number expected", buf);
  return v;
}
static void expect(FILE *f, char *buf, const char *word) {
  if (!next_token(f, buf, 1024) || strcmp(buf, word) != 0) die("model file: expected keyword", word);
}

static void load_model(const char *file, model_t *M) {
  FILE *f = fopen(file, "r");
  if (!f) die("cannot open model file", file);
  char buf[1024];
  expect(f, buf, "ssa-model");
  if (read_num(f, buf) != 1) die("unsupported model format version", NULL);
  expect(f, buf, "species");
  M->n = (int)read_num(f, buf);
  M->names = calloc(M->n, sizeof(char *));
  M->x0 = calloc(M->n, sizeof(double));
  for (int i = 0; i < M->n; i++) {
    if (!next_token(f, buf, sizeof buf)) die("species id expected", NULL);
    M->names[i] = strdup(buf);
    M->x0[i] = read_num(f, buf);
  }
  expect(f, buf, "reactions");
  M->m = (int)read_num(f, buf);
  int m = M->m, capR = 4 * m + 4, capC = 4 * m + 4, nr = 0, nc = 0;
  M->c = calloc(m, sizeof(double));
  M->rPtr = calloc(m + 1, sizeof(int));
  M->cPtr = calloc(m + 1, sizeof(int));
  M->rIdx = malloc(capR * sizeof(int));
  M->rOrd = malloc(capR * sizeof(int));
  M->cIdx = malloc(capC * sizeof(int));
  M->cVal = malloc(capC * sizeof(double));
  for (int r = 0; r < m; r++) {
    if (!next_token(f, buf, sizeof buf)) die("reaction id expected", NULL);
    M->c[r] = read_num(f, buf);
    int k = (int)read_num(f, buf);
    for (int j = 0; j < k; j++) {
      if (nr == capR) { capR *= 2; M->rIdx = realloc(M->rIdx, capR * sizeof(int)); M->rOrd = realloc(M->rOrd, capR * sizeof(int)); }
      M->rIdx[nr] = (int)read_num(f, buf);
      M->rOrd[nr] = (int)read_num(f, buf);
      if (M->rIdx[nr] < 0 || M->rIdx[nr] >= M->n || M->rOrd[nr] < 1 || M->rOrd[nr] > 3) die("bad reactant", buf);
      nr++;
    }
    M->rPtr[r + 1] = nr;
    k = (int)read_num(f, buf);
    for (int j = 0; j < k; j++) {
      if (nc == capC) { capC *= 2; M->cIdx = realloc(M->cIdx, capC * sizeof(int)); M->cVal = realloc(M->cVal, capC * sizeof(double)); }
      M->cIdx[nc] = (int)read_num(f, buf);
      M->cVal[nc] = read_num(f, buf);
      if (M->cIdx[nc] < 0 || M->cIdx[nc] >= M->n) die("bad change", buf);
      nc++;
    }
    M->cPtr[r + 1] = nc;
  }
  fclose(f);

  /* dependency graph: readers[i] = reactions with species i among their reactants; deps(r) = union of
   * readers[i] over the species i that r changes (delta != 0), without duplicates */
  int n = M->n;
  int *rdPtr = calloc(n + 1, sizeof(int));
  for (int j = 0; j < nr; j++) rdPtr[M->rIdx[j] + 1]++;
  for (int i = 0; i < n; i++) rdPtr[i + 1] += rdPtr[i];
  int *rdIdx = malloc((nr + 1) * sizeof(int)), *fill = calloc(n, sizeof(int));
  for (int r = 0; r < m; r++)
    for (int j = M->rPtr[r]; j < M->rPtr[r + 1]; j++) { int i = M->rIdx[j]; rdIdx[rdPtr[i] + fill[i]++] = r; }
  int *mark = malloc(m * sizeof(int));
  for (int r = 0; r < m; r++) mark[r] = -1;
  int capD = 8 * m + 8, nd = 0;
  M->dPtr = calloc(m + 1, sizeof(int));
  M->dIdx = malloc(capD * sizeof(int));
  for (int r = 0; r < m; r++) {
    for (int j = M->cPtr[r]; j < M->cPtr[r + 1]; j++) {
      if (M->cVal[j] == 0) continue;
      int i = M->cIdx[j];
      for (int q = rdPtr[i]; q < rdPtr[i + 1]; q++) {
        int s = rdIdx[q];
        if (mark[s] == r) continue;
        mark[s] = r;
        if (nd == capD) { capD *= 2; M->dIdx = realloc(M->dIdx, capD * sizeof(int)); }
        M->dIdx[nd++] = s;
      }
    }
    M->dPtr[r + 1] = nd;
  }
  free(rdPtr); free(rdIdx); free(fill); free(mark);
}

static inline double propensity(const model_t *M, int r, const double *x) {
  double a = M->c[r];
  for (int j = M->rPtr[r]; j < M->rPtr[r + 1]; j++) {
    double v = x[M->rIdx[j]];
    switch (M->rOrd[j]) {
      case 1: a *= v; break;
      case 2: a *= v * (v - 1) * 0.5; break;
      default: a *= v * (v - 1) * (v - 2) * (1.0 / 6.0); break;
    }
  }
  return a;
}

/* One replicate from x0 over [0, tEnd], recording the state at times[0..K] into rec (K+1 rows of n) when rec is
 * not NULL. Returns the number of firings. */
static long long simulate(const model_t *M, rng_t *rng, int K, const double *times, double *x, double *a, double *rec) {
  const int n = M->n, m = M->m;
  memcpy(x, M->x0, n * sizeof(double));
  double a0 = 0;
  for (int r = 0; r < m; r++) { a[r] = propensity(M, r, x); a0 += a[r]; }
  double t = 0;
  int next = 0; /* next output index */
  long long firings = 0;
  unsigned steps = 0;
  while (next <= K) {
    double tau = a0 > 0 ? -log(1.0 - rng_next(rng)) / a0 : INFINITY;
    double tNew = t + tau;
    while (next <= K && times[next] < tNew) { /* the state in force at times[next] */
      if (rec) memcpy(rec + (size_t)next * n, x, n * sizeof(double));
      next++;
    }
    if (next > K) break;
    t = tNew;
    /* select: first r with partial sum > u * a0 */
    double target = rng_next(rng) * a0, sum = 0;
    int r = 0;
    for (; r < m; r++) { sum += a[r]; if (sum > target) break; }
    if (r == m) { /* round-off: a0 drifted above the true sum; pick the last reaction with a > 0 */
      r = m - 1;
      while (r > 0 && a[r] <= 0) r--;
    }
    for (int j = M->cPtr[r]; j < M->cPtr[r + 1]; j++) x[M->cIdx[j]] += M->cVal[j];
    for (int j = M->dPtr[r]; j < M->dPtr[r + 1]; j++) {
      int s = M->dIdx[j];
      double v = propensity(M, s, x);
      a0 += v - a[s];
      a[s] = v;
    }
    firings++;
    if ((++steps & 0xFFFF) == 0) { a0 = 0; for (int q = 0; q < m; q++) a0 += a[q]; }
    if (a0 < 0) a0 = 0;
  }
  return firings;
}

static double clock_s(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}
static double now(void) { return clock_s(CLOCK_MONOTONIC); }
static double cpu_now(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

int main(int argc, char **argv) {
  if (argc < 3) die("usage: ssa bench|stats <model.txt> --t-end T [--outputs K] [--seed S] [--reps R | --replicates N]", NULL);
  const char *mode = argv[1];
  double tEnd = -1;
  int K = 100, reps = 1;
  unsigned long long seed = 1;
  for (int i = 3; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--t-end")) tEnd = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--outputs")) K = atoi(argv[i + 1]);
    else if (!strcmp(argv[i], "--seed")) seed = strtoull(argv[i + 1], NULL, 10);
    else if (!strcmp(argv[i], "--reps") || !strcmp(argv[i], "--replicates")) reps = atoi(argv[i + 1]);
    else die("unknown option", argv[i]);
  }
  if (!(tEnd > 0) || K < 1 || reps < 1) die("need --t-end > 0, --outputs >= 1, --reps >= 1", NULL);
  model_t M;
  load_model(argv[2], &M);
  const int n = M.n;
  double *times = malloc((K + 1) * sizeof(double));
  for (int i = 0; i <= K; i++) times[i] = tEnd * i / K;
  double *x = malloc(n * sizeof(double)), *a = malloc((M.m + 1) * sizeof(double));
  double *rec = malloc((size_t)(K + 1) * n * sizeof(double));
  rng_t rng;

  if (!strcmp(mode, "bench")) {
    for (int rep = 0; rep < reps; rep++) {
      rng_seed(&rng, seed + rep);
      double t0 = now(), c0 = cpu_now();
      long long f = simulate(&M, &rng, K, times, x, a, rec);
      double dt = now() - t0, dc = cpu_now() - c0;
      double chk = 0;
      for (int i = 0; i < n; i++) chk += rec[(size_t)K * n + i];
      printf("{\"rep\":%d,\"firings\":%lld,\"seconds\":%.6f,\"cpuSeconds\":%.6f,\"eventsPerSecond\":%.1f,\"eventsPerCpuSecond\":%.1f,\"checksum\":%.17g}\n", rep, f, dt, dc, f / dt, f / dc, chk);
      fflush(stdout);
    }
  } else if (!strcmp(mode, "stats")) {
    size_t cells = (size_t)(K + 1) * n;
    double *s1 = calloc(cells, sizeof(double)), *s2 = calloc(cells, sizeof(double));
    long long total = 0;
    for (int rep = 0; rep < reps; rep++) {
      rng_seed(&rng, seed + rep);
      total += simulate(&M, &rng, K, times, x, a, rec);
      for (size_t q = 0; q < cells; q++) { s1[q] += rec[q]; s2[q] += rec[q] * rec[q]; }
    }
    printf("{\"replicates\":%d,\"firings\":%lld,\"times\":[", reps, total);
    for (int i = 0; i <= K; i++) printf("%s%.17g", i ? "," : "", times[i]);
    printf("],\"species\":[");
    for (int j = 0; j < n; j++) printf("%s\"%s\"", j ? "," : "", M.names[j]);
    for (int pass = 0; pass < 2; pass++) {
      printf("],\"%s\":[", pass ? "sd" : "mean");
      for (int i = 0; i <= K; i++) {
        printf("%s[", i ? "," : "");
        for (int j = 0; j < n; j++) {
          size_t q = (size_t)i * n + j;
          double mean = s1[q] / reps;
          double var = reps > 1 ? (s2[q] - reps * mean * mean) / (reps - 1) : 0;
          printf("%s%.17g", j ? "," : "", pass ? sqrt(var > 0 ? var : 0) : mean);
        }
        printf("]");
      }
    }
    printf("]}\n");
  } else die("unknown mode (bench or stats)", mode);
  return 0;
}

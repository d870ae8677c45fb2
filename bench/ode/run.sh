#!/usr/bin/env bash
# bench/ode entry point: ExoSim's ODE solvers vs SUNDIALS CVODE and SciPy at equal measured accuracy.
#   bash bench/ode/run.sh            full run (rtol 1e-4, 1e-6, 1e-8; several repetitions)   ~15-25 min
#   bash bench/ode/run.sh --quick    CI smoke run (rtol 1e-6, one repetition)                  ~2-3 min
#   bash bench/ode/run.sh --baseline full run, then copy the report to bench/ode/baseline.json
# Needs: Debian (bookworm) with Node >= 20, run as root to install the peers (libsundials-dev, python3-scipy).
# Writes bench/ode/out/{gen/,bin/,latest.md,latest.json}; prints the Markdown report on stdout.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/out"
PY=/usr/bin/python3
say() { echo "[bench/ode] $*" >&2; }
fail() { echo "[bench/ode] ERROR: $*" >&2; exit 1; }

# ---- peers: SUNDIALS (CVODE, KLU) and SciPy from Debian packages (not pip: PyPI may be unreachable) ----
need_pkgs() {
  [ -f /usr/include/cvode/cvode.h ] || return 0
  "$PY" -c 'import scipy, numpy' >/dev/null 2>&1 || return 0
  return 1
}
if need_pkgs; then
  command -v apt-get >/dev/null || fail "apt-get not found: install SUNDIALS (libsundials-dev) and SciPy (python3-scipy) by hand"
  [ "$(id -u)" = 0 ] || fail "peers missing and not root: run 'apt-get install libsundials-dev python3-scipy' as root"
  say "installing libsundials-dev python3-scipy"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends libsundials-dev python3-scipy >&2; then
    apt-get update >&2 || true
    apt-get install -y --no-install-recommends libsundials-dev python3-scipy >&2 \
      || fail "could not install libsundials-dev / python3-scipy with apt-get (see messages above)"
  fi
fi
[ -f /usr/include/cvode/cvode.h ] || fail "CVODE headers (/usr/include/cvode/cvode.h) not found after installation"
"$PY" -c 'import scipy, numpy' 2>/dev/null || fail "$PY cannot import scipy/numpy (install python3-scipy)"
command -v gcc >/dev/null || { apt-get install -y --no-install-recommends gcc libc6-dev >&2 || fail "gcc missing and could not be installed"; }
command -v node >/dev/null || fail "node not found (Node >= 20 required)"

# ---- problems (one generator for every tool) ----
mkdir -p "$OUT/bin"
node "$HERE/gen-network.mjs" --out "$OUT/gen"

# ---- CVODE harness: KLU (sparse) if the Debian package ships it, else dense only ----
KLU=0
CFLAGS=(-O2 -std=c11 -D_POSIX_C_SOURCE=199309L -I "$OUT/gen")
LIBS=(-lsundials_cvode -lsundials_nvecserial -lsundials_sunlinsoldense -lsundials_sunmatrixdense)
if [ -f /usr/include/sunlinsol/sunlinsol_klu.h ] && ls /usr/lib/*/libsundials_sunlinsolklu.so >/dev/null 2>&1 \
   && [ -f /usr/include/suitesparse/klu.h ]; then
  KLU=1
  CFLAGS+=(-DHAVE_KLU -I /usr/include/suitesparse)
  LIBS+=(-lsundials_sunlinsolklu -lsundials_sunmatrixsparse -lklu)
fi
ls /usr/lib/*/libsundials_generic.so >/dev/null 2>&1 && LIBS+=(-lsundials_generic)
gcc "${CFLAGS[@]}" "$HERE/cvode-bench.c" -o "$OUT/bin/cvode-bench" "${LIBS[@]}" -lm \
  || fail "compiling the CVODE harness failed (SUNDIALS 6.x with SUNContext expected)"
say "CVODE harness built (KLU: $KLU)"

# ---- ExoSim: build dist/ when missing or older than any source file ----
if [ ! -f "$ROOT/dist/src/pipeline.js" ] || [ -n "$(find "$ROOT/src" -name '*.ts' -newer "$ROOT/dist/src/pipeline.js" -print -quit)" ]; then
  say "building ExoSim (npm run build)"
  (cd "$ROOT" && npm run build >&2) || fail "npm run build failed: the ExoSim side cannot run"
fi

ARGS=(--cvode "$OUT/bin/cvode-bench" --klu "$KLU" --python "$PY")
for a in "$@"; do
  case "$a" in
    --quick) ARGS+=(--quick) ;;
    --baseline) ARGS+=(--baseline) ;;
    *) fail "unknown option $a (use --quick or --baseline)" ;;
  esac
done
node "$HERE/bench.mjs" "${ARGS[@]}"

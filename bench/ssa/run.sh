#!/usr/bin/env bash
# bench/ssa entry point: firings per second of ExoSim's exact stochastic engines vs a plain C direct method
# (ssa.c, compiled here: no Debian package ships an SSA) on dimerisation (DSMTS 003-02), a 3-species exosome
# transfer toy and a generated 1,000-reaction network; ensemble speed-up on 2 worker threads.
#   bash bench/ssa/run.sh             full run (5 rounds, full spans, 2,000-replicate ensembles)   ~10-20 min
#   bash bench/ssa/run.sh --quick     CI smoke run (1 round, a tenth of the spans)                   ~1-2 min
#   bash bench/ssa/run.sh --baseline  full run, then copy the report to bench/ssa/baseline.json
# Needs: Node >= 20 and a C compiler (cc/gcc; installed with apt-get when missing and run as root).
# Writes bench/ssa/out/{gen/,bin/,latest.md,latest.json}; prints the Markdown report on stdout.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/out"
say() { echo "[bench/ssa] $*" >&2; }
fail() { echo "[bench/ssa] ERROR: $*" >&2; exit 1; }

ARGS=()
for a in "$@"; do
  case "$a" in
    --quick) ARGS+=(--quick) ;;
    --baseline) ARGS+=(--baseline) ;;
    *) fail "unknown option $a (use --quick or --baseline)" ;;
  esac
done

# ---- the C peer: any C compiler; gcc from Debian when there is none ----
if ! command -v cc >/dev/null; then
  command -v apt-get >/dev/null || fail "no C compiler (cc) and no apt-get: install gcc by hand"
  [ "$(id -u)" = 0 ] || fail "no C compiler (cc) and not root: run 'apt-get install gcc libc6-dev' as root"
  say "installing gcc libc6-dev"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends gcc libc6-dev >&2; then
    apt-get update >&2 || true
    apt-get install -y --no-install-recommends gcc libc6-dev >&2 || fail "could not install gcc with apt-get (see messages above)"
  fi
fi
command -v node >/dev/null || fail "node not found (Node >= 20 required)"
mkdir -p "$OUT/bin"
cc -O2 -std=c11 -Wall -o "$OUT/bin/ssa" "$HERE/ssa.c" -lm || fail "compiling ssa.c failed"
say "C reference built: $OUT/bin/ssa ($(cc --version | head -1))"

# ---- ExoSim: build dist/ when missing or older than any source file (EXOSIM_DIST=<dir>: use that build as is) ----
STAMP="$ROOT/dist/src/pipeline.js"
if [ -n "${EXOSIM_DIST:-}" ]; then
  [ -f "$EXOSIM_DIST/pipeline.js" ] || fail "EXOSIM_DIST=$EXOSIM_DIST has no pipeline.js"
  say "using the ExoSim build in $EXOSIM_DIST"
elif [ ! -f "$STAMP" ] || [ -n "$(find "$ROOT/src" -name '*.ts' -newer "$STAMP" -print -quit)" ]; then
  say "building ExoSim (npm run build)"
  (cd "$ROOT" && npm run build >&2) || fail "npm run build failed: the ExoSim side cannot run"
fi

node "$HERE/bench.mjs" --ssa "$OUT/bin/ssa" "${ARGS[@]}"

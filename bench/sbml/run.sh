#!/usr/bin/env bash
# bench/sbml entry point: ExoSim SBML read (importSbml) vs libSBML's Python bindings (readSBMLFromString) on
# BIOMD0000000010, BIOMD0000000012 and a generated 1,000-species / 2,000-reaction model; plus ExoSim compile
# and simulate times.
#   bash bench/sbml/run.sh             full run (several rounds, cold runs in fresh processes)   ~3-6 min on 2 cores
#   bash bench/sbml/run.sh --quick     CI smoke run (one round, one cold run)                    ~1 min
#   bash bench/sbml/run.sh --baseline  full run, then copy the report to bench/sbml/baseline.json
# Needs: Debian (bookworm) with Node >= 20; installs python3-sbml5 (libSBML 5.19) with apt-get (root or sudo).
# The BioModels files are read from ../shared/conformance/biomodels (override with SBML_BIOMODELS=<dir>).
# Writes bench/sbml/out/{gen/,latest.md,latest.json} and bench/sbml/results.json; prints the Markdown report.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY=/usr/bin/python3
say() { echo "[bench/sbml] $*" >&2; }
fail() { echo "[bench/sbml] ERROR: $*" >&2; exit 1; }

ARGS=(--python "$PY")
for a in "$@"; do
  case "$a" in
    --quick) ARGS+=(--quick) ;;
    --baseline) ARGS+=(--baseline) ;;
    *) fail "unknown option $a (use --quick or --baseline)" ;;
  esac
done

# ---- peer: libSBML's Python bindings from Debian (not pip: PyPI may be unreachable) ----
if ! "$PY" -c 'import libsbml' >/dev/null 2>&1; then
  command -v apt-get >/dev/null || fail "apt-get not found: install libSBML's Python bindings (Debian package python3-sbml5) by hand"
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || fail "python3-sbml5 missing and not root (no sudo): run 'apt-get install python3-sbml5' as root"
    SUDO=(sudo)
  fi
  say "installing python3-sbml5"
  export DEBIAN_FRONTEND=noninteractive
  if ! "${SUDO[@]}" apt-get install -y --no-install-recommends python3-sbml5 >&2; then
    "${SUDO[@]}" apt-get update >&2 || true
    "${SUDO[@]}" apt-get install -y --no-install-recommends python3-sbml5 >&2 \
      || fail "could not install python3-sbml5 with apt-get (see messages above)"
  fi
fi
"$PY" -c 'import libsbml' 2>/dev/null || fail "$PY cannot import libsbml (install python3-sbml5)"
command -v node >/dev/null || fail "node not found (Node >= 20 required)"

# ---- ExoSim: build dist/ when missing or older than any source file ----
STAMP="$ROOT/dist/src/sbml/import.js"
if [ ! -f "$STAMP" ] || [ -n "$(find "$ROOT/src" -name '*.ts' -newer "$STAMP" -print -quit)" ]; then
  say "building ExoSim (npm run build)"
  (cd "$ROOT" && npm run build >&2) || fail "npm run build failed: the ExoSim side cannot run"
fi

node "$HERE/bench.mjs" "${ARGS[@]}"

#!/usr/bin/env bash
# The full SBML Test Suite run (the default `npm test` runs only the committed subset in test/sbml-suite/cases).
#   bash scripts/sbml-conformance.sh [cases-dir] [out-dir]
# cases-dir: a folder of NNNNN/ case folders (default $SBML_TEST_SUITE, else ../shared/conformance/sbml-semantic);
# out-dir (default results/sbml-suite): csv/NNNNN.csv, report.md (summary by tag, every failure), summary.json.
# Exit code: 0 when every time-course case passed, 1 otherwise (docs/sbml-support.md lists the known failures).
set -euo pipefail
cd "$(dirname "$0")/.."
CASES="${1:-${SBML_TEST_SUITE:-../shared/conformance/sbml-semantic}}"
OUT="${2:-results/sbml-suite}"
if [ ! -d "$CASES" ]; then
  echo "sbml-conformance: no cases folder '$CASES' (give it as the first argument or in SBML_TEST_SUITE)" >&2
  exit 2
fi
[ -f dist/cli/main.js ] || npm run build >/dev/null
mkdir -p "$OUT"
set +e
node bin/exosim.js sbml-test "$CASES" --all --out "$OUT/csv" --report "$OUT/report.md" --json > "$OUT/summary.json.tmp"
code=$?
set -e
mv "$OUT/summary.json.tmp" "$OUT/summary.json"
echo "sbml-conformance: report in $OUT/report.md, summary in $OUT/summary.json" >&2
exit $code

/**
 * MathML coverage over the SBML Test Suite semantic cases: how many <math> elements convert to ExoSim
 * expressions, and which constructs are unsupported (with counts).
 *
 *   npx tsx scripts/mathml-coverage.ts [dir]     (default /work/shared/conformance/sbml-semantic)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectMath, convertMathSite, parseXml } from '../src/sbml/index.js';
import { parseExpression, printExpression, structurallyEqual } from '../src/expr/index.js';
import { checkAlgebraicCase, mapReserved } from '../test/sbml/rule-eval.js';

const dir = process.argv[2] ?? '/work/shared/conformance/sbml-semantic';
if (!existsSync(dir)) {
  console.log(`no SBML test suite at ${dir}; nothing to do`);
  process.exit(0);
}
const cases = readdirSync(dir).filter((d) => /^\d{5}$/.test(d)).sort();
let files = 0;
let xmlErrors = 0;
let total = 0;
let ok = 0;
let roundTripFail = 0;
let reservedIds = 0;
let valueChecked = 0;
let valuePoints = 0;
const valueFailures: string[] = [];
const problems = new Map<string, { count: number; example: string }>();
const badFiles = new Set<string>();
for (const c of cases) {
  const xmls = readdirSync(join(dir, c)).filter((f) => /-sbml-l\dv\d\.xml$/.test(f));
  for (const f of xmls) {
    files++;
    const path = join(dir, c, f);
    const { root, diagnostics } = parseXml(readFileSync(path, 'utf8'), { file: path });
    if (!root) {
      xmlErrors++;
      console.log(diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
      continue;
    }
    const rc = checkAlgebraicCase(path, join(dir, c, `${c}-results.csv`), join(dir, c, `${c}-settings.txt`));
    if (rc.skipped === undefined) {
      valueChecked++;
      valuePoints += rc.points;
      if (rc.mismatches.length > 0) valueFailures.push(`${c}: ${rc.mismatches.slice(0, 3).join('; ')}`);
    }
    for (const site of collectMath(root)) {
      total++;
      const plain = convertMathSite(site, { file: path });
      if (plain.diagnostics.some((d) => d.code === 'W_MATHML_RESERVED_ID')) reservedIds++;
      // rename SBML ids that are ExoSim reserved words, as an importer must
      const r = convertMathSite(site, { file: path, mapId: mapReserved });
      if (r.diagnostics.length === 0) {
        ok++;
        const e = r.expr ?? r.def?.body;
        if (e) {
          const fns = ['rateOf', 'delay', ...collectUserFunctions(root).map(mapReserved)];
          const text = printExpression(e);
          const back = parseExpression(text, { functions: new Set(fns) });
          if (!back.ok || !structurallyEqual(back.expr, e)) {
            roundTripFail++;
            console.log(`round trip: ${path}: ${text}: ${back.ok ? 'different tree' : back.issues.map((i) => i.message).join('; ')}`);
          }
        }
        continue;
      }
      badFiles.add(c);
      for (const d of r.diagnostics) {
        const key = `${d.code}: ${d.message.replace(/ at line \d+/g, '').replace(/\(line \d+\)/g, '')}`;
        const p = problems.get(key) ?? { count: 0, example: `${path}:${d.line}` };
        p.count++;
        problems.set(key, p);
      }
    }
  }
}

function collectUserFunctions(root: import('../src/sbml/index.js').XmlElement): string[] {
  return collectMath(root)
    .filter((s) => s.parent.name === 'functionDefinition')
    .map((s) => s.parent.attrs['id'] ?? '');
}

console.log(`cases: ${cases.length}, model files: ${files}, XML errors: ${xmlErrors}`);
console.log(`<math> elements: ${total}, converted without diagnostics: ${ok} (${((100 * ok) / Math.max(1, total)).toFixed(2)}%)`);
console.log(`printed expressions that do not parse back to the same tree: ${roundTripFail} (${reservedIds} <math> use SBML ids that are ExoSim reserved words: converted with a test renaming)`);
console.log(`algebra-only cases checked by value against NNNNN-results.csv: ${valueChecked} (${valuePoints} points), failing: ${valueFailures.length}`);
for (const f of valueFailures) console.log(`  ${f}`);
console.log(`cases with at least one unconverted <math>: ${badFiles.size}${badFiles.size ? ` (${[...badFiles].join(' ')})` : ''}`);
for (const [k, v] of [...problems].sort((a, b) => b[1].count - a[1].count)) console.log(`${String(v.count).padStart(6)}  ${k}   e.g. ${v.example}`);

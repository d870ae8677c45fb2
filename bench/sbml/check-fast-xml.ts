/**
 * Differential check of parseXml's fast path (parsePlainXml) against the saxes path: for every XML file under
 * the given folders, parseXml(text) and parseXml(text, { fastPath: false }) must give the same tree (compared
 * as JSON, key order included) and the same diagnostics. Also reports how many files took the fast path.
 *   npx tsx bench/sbml/check-fast-xml.ts <dir-or-file>...
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlainXml, parseXml, DEFAULT_MAX_XML_DEPTH } from '../../src/sbml/xml.js';

function* files(p: string): Generator<string> {
  if (statSync(p).isDirectory()) for (const e of readdirSync(p).sort()) yield* files(join(p, e));
  else if (/\.(xml|sbml|sedml|rdf)$/.test(p)) yield p;
}

let total = 0;
let fast = 0;
let bad = 0;
for (const arg of process.argv.slice(2)) {
  for (const f of files(arg)) {
    const text = readFileSync(f, 'utf8');
    total++;
    if (parsePlainXml(text, DEFAULT_MAX_XML_DEPTH)) fast++;
    const a = JSON.stringify(parseXml(text, { file: f }));
    const b = JSON.stringify(parseXml(text, { file: f, fastPath: false }));
    if (a !== b) {
      bad++;
      if (bad <= 5) {
        let k = 0;
        while (k < a.length && a[k] === b[k]) k++;
        console.log(`DIFFERS: ${f}\n  fast:  ...${a.slice(Math.max(0, k - 150), k + 150)}\n  saxes: ...${b.slice(Math.max(0, k - 150), k + 150)}`);
      }
    }
  }
}
console.log(`${total} files, ${fast} took the fast path, ${bad} differ`);
process.exitCode = bad > 0 ? 1 : 0;

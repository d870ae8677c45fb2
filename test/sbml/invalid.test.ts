/**
 * The invalid-SBML corpus (test/sbml/invalid/*.xml, one problem per file, each saying in a comment what it
 * tests), end to end: the library diagnostic (code, file, line, column, message, fix), its rendering
 * `file:line:col: error CODE: message` + `fix:`, `exosim validate` (exit 2, no stack trace) and `exosim run --out`
 * (exit 2, nothing written). Expected lines and columns are found in the corpus text itself (the place of a marker
 * string), not taken from the code's output. Safety: entity bombs are not expanded, external entities are never
 * read, and the depth and size limits hold (through the parser's limit options, not huge files).
 * The last block checks validateSbml's id scope rules (SBML L3V2 section 3.3) on small documents and that it
 * finds nothing to report in the committed SBML Test Suite subsets.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../src/diagnostics.js';
import { importSbml } from '../../src/sbml/import.js';
import { validateSbml } from '../../src/sbml/validate.js';
import { parseXml } from '../../src/sbml/xml.js';
import { cli, ROOT, spawnCli } from '../cli/helpers.js';

const DIR = 'test/sbml/invalid';
const read = (f: string) => readFileSync(join(ROOT, DIR, f), 'utf8');
const tmp = () => mkdtempSync(join(tmpdir(), 'exosim-invalid-'));

interface Case {
  code: string;
  /** Marker text: the problem is on the line of its `nth` occurrence (default 1); 'end': the last non-blank character. */
  at: string | 'end';
  nth?: number;
  /** Expected column: 'at' the marker's first character; 'element' the `<` of the element the marker is in. */
  column: 'at' | 'element' | 'end';
  message: RegExp;
  hint: RegExp;
  /** Number of error diagnostics (default 1). */
  errors?: number;
}

const CORPUS: Record<string, Case> = {
  'not-xml.xml': { code: 'E_XML_SYNTAX', at: 'This file tests', column: 'at', message: /not an XML document.*'This file tests/, hint: /<\?xml .*<sbml/ },
  'no-root-element.xml': { code: 'E_XML_SYNTAX', at: 'end', column: 'end', message: /no root element/, hint: /<sbml/ },
  'truncated.xml': { code: 'E_XML_SYNTAX', at: 'end', column: 'end', message: /ends before <listOfSpecies> \(line 8\), <model> \(line 4\), <sbml> \(line 3\)/, hint: /truncated.*<\/listOfSpecies><\/model><\/sbml>/ },
  'mismatched-tags.xml': { code: 'E_XML_SYNTAX', at: '</listOfSpecie>', column: 'at', message: /<\/listOfSpecie> does not match the open element <listOfSpecies> \(line 8\)/, hint: /<\/listOfSpecies>/ },
  'undeclared-prefix.xml': { code: 'E_XML_SYNTAX', at: 'fbc:charge', column: 'element', message: /prefix 'fbc:' is used but not declared/, hint: /xmlns:fbc=/ },
  'entity-bomb.xml': { code: 'E_XML_ENTITY', at: '<!ENTITY lol "lol">', column: 'at', message: /10 entities: 'lol', 'lol1'.*refused.*nothing was expanded/, hint: /remove the <!DOCTYPE/ },
  'external-entity.xml': { code: 'E_XML_ENTITY', at: '<!ENTITY xxe', column: 'at', message: /external entity 'xxe' \(SYSTEM "file:\/\/\/etc\/passwd"\), which is never read/, hint: /remove the <!DOCTYPE/ },
  'not-sbml.xml': { code: 'E_SBML_NOT_SBML', at: '<html', column: 'at', message: /root element is <html>/, hint: /<sbml xmlns=/ },
  'unknown-version.xml': { code: 'E_SBML_LEVEL_VERSION', at: '<sbml', column: 'at', message: /Level 3 Version 9, which does not exist/, hint: /level3\/version2\/core" level="3" version="2"/ },
  'level-version-mismatch.xml': { code: 'E_SBML_LEVEL_VERSION', at: '<sbml', column: 'at', message: /level="2", but its namespace .* is SBML Level 3 Version 2/, hint: /level="3"/, errors: 2 },
  'level-4.xml': { code: 'E_SBML_UNSUPPORTED', at: '<sbml', column: 'at', message: /SBML Level 4/, hint: /Level 2 or 3/ },
  'undefined-compartment.xml': { code: 'E_SBML_INVALID', at: 'compartment="cel"', column: 'element', message: /<species id="A"> refers to compartment 'cel', which is not declared/, hint: /did you mean 'cell'/ },
  'undefined-id-in-kinetic-law.xml': { code: 'E_SBML_INVALID', at: '<ci>kk', column: 'at', message: /kinetic law of reaction 'decay' uses 'kk', which is not declared/, hint: /did you mean 'k'/ },
  'local-parameter-out-of-scope.xml': { code: 'E_SBML_INVALID', at: '<ci>k_leak', column: 'at', message: /kinetic law of reaction 'leak' uses 'k_leak', which is not declared/, hint: /local parameter of reaction 'decay' \(line 15\), visible only in that reaction's kinetic law/ },
  'bvar-out-of-scope.xml': { code: 'E_SBML_INVALID', at: '<ci>x</ci>', nth: 3, column: 'at', message: /kinetic law of reaction 'decay' uses 'x', which is not declared/, hint: /argument of function 'twice' \(line 6\)/ },
  'undefined-function.xml': { code: 'E_SBML_INVALID', at: '<ci>hill', column: 'at', message: /calls the function 'hill', which is not declared/, hint: /<functionDefinition id="hill">/ },
  'undefined-rule-variable.xml': { code: 'E_SBML_INVALID', at: 'variable="B"', column: 'element', message: /<assignmentRule> assigns 'B', which is not declared/, hint: /declare a parameter, species or compartment with id="B"/ },
  'undefined-event-target.xml': { code: 'E_SBML_INVALID', at: 'variable="Z"', column: 'element', message: /event 'reset' assigns 'Z', which is not declared/, hint: /id="Z"/ },
  'duplicate-ids.xml': { code: 'E_SBML_DUPLICATE_ID', at: '<parameter id="A"', column: 'at', message: /'A' of <parameter id="A"> is already the id of the <species> at line 9/, hint: /rename one/ },
  'missing-species-attribute.xml': { code: 'E_SBML_INVALID', at: '<speciesReference stoichiometry', column: 'at', message: /<speciesReference> has no species attribute/, hint: /add species=/ },
  'undefined-units.xml': { code: 'E_SBML_INVALID', at: 'units="per_secnd"', column: 'element', message: /units="per_secnd", which is neither a unit definition nor an SBML base unit/, hint: /did you mean 'per_second'/ },
  'non-numeric-size.xml': { code: 'E_SBML_BAD_VALUE', at: 'size="abc"', column: 'element', message: /<compartment id="cell"> has size="abc", which is not a number/, hint: /size="1\.5"/ },
  'non-boolean-constant.xml': { code: 'E_SBML_BAD_VALUE', at: 'constant="yes"', column: 'element', message: /<parameter id="k"> has constant="yes", which is not a boolean/, hint: /constant="true" or constant="false"/ },
  'invalid-id.xml': { code: 'E_SBML_BAD_VALUE', at: 'id="k-2"', column: 'element', message: /'k-2' of <parameter> is not a valid SBML identifier/, hint: /'k_2'/ },
  'mathml-unknown-element.xml': { code: 'E_MATHML_UNSUPPORTED', at: '<frobnicate/>', column: 'at', message: /<frobnicate\/> at line \d+ is not supported/, hint: /MathML subset/ },
  'package-fbc.xml': { code: 'E_SBML_UNSUPPORTED', at: 'fbc:required="true"', column: 'element', message: /SBML fbc package \(flux balance constraints\).*is not supported/, hint: /another simulator/ },
  'package-distrib.xml': { code: 'E_SBML_UNSUPPORTED', at: 'distrib:required="true"', column: 'element', message: /SBML distrib package.*is not supported/, hint: /another simulator/ },
  'package-spatial.xml': { code: 'E_SBML_UNSUPPORTED', at: 'spatial:required="true"', column: 'element', message: /SBML spatial package.*is not supported/, hint: /another simulator/ },
  'package-arrays.xml': { code: 'E_SBML_UNSUPPORTED', at: 'arrays:required="true"', column: 'element', message: /SBML arrays package.*is not supported/, hint: /another simulator/ },
};
/** Tested through the parser's limit options (see below), not through the CLI defaults. */
const LIMIT_FILES = ['deep-nesting.xml'];
const CONTROL = 'valid-control.xml';

/** Expected 1-based line and column of a case, found in the file's text. */
function expectedPlace(text: string, c: Case): { line: number; column: number } {
  let i: number;
  if (c.at === 'end') i = text.trimEnd().length;
  else {
    // markers are looked for after the file's leading comment (which describes the problem in words)
    const comment = text.indexOf('-->');
    i = comment >= 0 ? comment : -1;
    for (let n = 0; n < (c.nth ?? 1); n++) i = text.indexOf(c.at, i + 1);
    expect(i, `marker ${c.at}`).toBeGreaterThanOrEqual(0);
  }
  const lineStart = text.lastIndexOf('\n', i - 1) + 1;
  const line = text.slice(0, i).split('\n').length;
  const start = c.column === 'element' ? text.lastIndexOf('<', i) : i;
  expect(start).toBeGreaterThanOrEqual(lineStart); // the element starts on the same line
  return { line, column: start - lineStart + 1 };
}

const errorsOf = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error');

describe('invalid SBML corpus: every file is covered', () => {
  it('each file in test/sbml/invalid is in the table above and says what it tests', () => {
    const files = readdirSync(join(ROOT, DIR)).filter((f) => f.endsWith('.xml')).sort();
    expect(files).toEqual([...Object.keys(CORPUS), ...LIMIT_FILES, CONTROL].sort());
    for (const f of files) expect(read(f), f).toMatch(/\b[Tt]ests:|Control/);
  });

  it('the control model is valid (imports, validates with exit 0)', async () => {
    const r = importSbml(read(CONTROL), { file: CONTROL });
    expect(r.diagnostics).toEqual([]);
    expect(r.flat?.species.map((s) => s.id)).toEqual(['A']);
    const out = await cli(['validate', `${DIR}/${CONTROL}`]);
    expect(out.code, out.stderr).toBe(0);
  });
});

describe.each(Object.entries(CORPUS))('invalid SBML corpus: %s', (file, c) => {
  const path = `${DIR}/${file}`;
  const text = read(file);
  const place = expectedPlace(text, c);

  it(`importSbml gives ${c.code} at the right line and column, naming the problem, with a fix`, () => {
    const r = importSbml(text, { file: path });
    expect(r.flat).toBeUndefined();
    const errs = errorsOf(r.diagnostics);
    expect(errs, JSON.stringify(errs, null, 1)).toHaveLength(c.errors ?? 1);
    const d = errs[0]!;
    expect(d.code).toBe(c.code);
    expect(d.file).toBe(path);
    expect({ line: d.line, column: d.column }).toEqual(place);
    expect(d.message).toMatch(c.message);
    expect(d.hint ?? '').toMatch(c.hint);
    expect(formatDiagnostic(d).split('\n')[0]).toBe(`${path}:${place.line}:${place.column}: error ${c.code}: ${d.message}`);
    expect(formatDiagnostic(d).split('\n')[1]).toBe(`  fix: ${d.hint}`);
  });

  it('exosim validate exits 2 with file:line:col, the code and a fix line, and no stack trace', async () => {
    const out = await cli(['validate', path]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`${path}:${place.line}:${place.column}: error ${c.code}: `);
    expect(out.stderr).toMatch(/^ {2}fix: \S/m);
    expect(out.stderr).not.toContain('    at ');
    expect(out.stdout).toBe('');
  });

  it('exosim run --out leaves no file behind', async () => {
    const d = tmp();
    const out = await cli(['run', path, '--t-end', '1', '--out', join(d, 'x.csv')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`error ${c.code}: `);
    expect(out.stderr).not.toContain('    at ');
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('invalid SBML corpus: the built CLI (node bin/exosim.js) as a process', () => {
  it.each(['not-xml.xml', 'entity-bomb.xml', 'undefined-compartment.xml', 'package-fbc.xml'])('%s: exit 2, located error, no stack trace, no output file', async (file) => {
    const c = CORPUS[file]!;
    const place = expectedPlace(read(file), c);
    const d = tmp();
    const v = await spawnCli(['validate', `${DIR}/${file}`]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(new RegExp(`^${`${DIR}/${file}`.replace(/[.]/g, '\\.')}:${place.line}:${place.column}: error ${c.code}: .+\n {2}fix: \\S`, 'm'));
    expect(v.stderr).not.toContain('    at ');
    const r = await spawnCli(['run', `${DIR}/${file}`, '--t-end', '1', '--out', join(d, 'x.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('    at ');
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('invalid SBML corpus: XML safety', () => {
  it('the entity bomb is refused without expansion (the output stays small)', async () => {
    const out = await cli(['validate', `${DIR}/entity-bomb.xml`]);
    expect(out.stderr).not.toContain('lollollol');
    expect(out.stderr.length).toBeLessThan(2000);
  });

  it('an external entity is never read: the content of the file it names does not appear anywhere', async () => {
    const d = tmp();
    const secret = join(d, 'secret.txt');
    const marker = 'EXOSIM-SECRET-MARKER-7d1c';
    writeFileSync(secret, marker);
    const model = read('external-entity.xml').replace('file:///etc/passwd', `file://${secret}`);
    const modelPath = join(d, 'xxe.xml');
    writeFileSync(modelPath, model);
    const r = importSbml(model, { file: 'xxe.xml' });
    expect(r.diagnostics.map((x) => x.code)).toEqual(['E_XML_ENTITY']);
    expect(JSON.stringify(r)).not.toContain(marker);
    const out = await cli(['run', modelPath, '--t-end', '1', '--out', join(d, 'x.csv')]);
    expect(out.code).toBe(2);
    expect(out.stdout + out.stderr).not.toContain(marker);
    expect(readdirSync(d).sort()).toEqual(['secret.txt', 'xxe.xml']);
    const etc = await cli(['validate', `${DIR}/external-entity.xml`]);
    expect(etc.stderr).not.toMatch(/root:.*:0:0:/);
  });

  it('nesting deeper than the depth limit: E_XML_TOO_DEEP at the first element past the limit', () => {
    const text = read('deep-nesting.xml');
    // expected line: scan the start and end tags line by line (every line of the file holds at most one start tag)
    let depth = 0;
    let expectedLine = 0;
    text.split('\n').forEach((l, k) => {
      for (const m of l.matchAll(/<(\/?)[A-Za-z][^>]*?(\/?)>/g)) {
        if (m[1]) depth--;
        else if (m[2]) continue;
        else if (++depth > 20 && expectedLine === 0) expectedLine = k + 1;
      }
    });
    expect(expectedLine).toBeGreaterThan(0);
    const r = parseXml(text, { file: 'deep-nesting.xml', maxDepth: 20 });
    expect(r.root).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'E_XML_TOO_DEEP', file: 'deep-nesting.xml', line: expectedLine });
    expect(r.diagnostics[0]!.message).toMatch(/nested more than 20 deep at <x> \(line \d+, inside <x>\)/);
    expect(r.diagnostics[0]!.hint).toMatch(/maxDepth/);
    // under the default limit (1,000) the same file is a valid model
    expect(errorsOf(importSbml(text, { file: 'deep-nesting.xml' }).diagnostics)).toEqual([]);
  });

  it('the CLI refuses a document nested deeper than 1,000 elements (a small generated file)', async () => {
    const d = tmp();
    const f = join(d, 'deep.xml');
    writeFileSync(f, `<?xml version="1.0"?>\n<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">\n${'<a>'.repeat(1000)}${'</a>'.repeat(1000)}\n</sbml>\n`);
    const out = await cli(['validate', f]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/:3:\d+: error E_XML_TOO_DEEP: XML elements are nested more than 1000 deep/);
    expect(out.stderr).toContain('fix: ');
  });

  it('input larger than the size limit: E_XML_TOO_LARGE naming the file, its size and the limit; nothing parsed', () => {
    const text = read(CONTROL);
    const bytes = Buffer.byteLength(text, 'utf8');
    expect(parseXml(text, { maxBytes: bytes }).diagnostics).toEqual([]);
    const r = parseXml(text, { file: CONTROL, maxBytes: bytes - 1 });
    expect(r.root).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'E_XML_TOO_LARGE', file: CONTROL });
    expect(r.diagnostics[0]!.message).toBe(`${CONTROL} is ${bytes} bytes, larger than the limit of ${bytes - 1} bytes; it was not parsed`);
    expect(r.diagnostics[0]!.hint).toMatch(/maxBytes/);
  });

  it('an empty file and an undefined entity are named as such', () => {
    expect(parseXml('', { file: 'e.xml' }).diagnostics[0]).toMatchObject({ code: 'E_XML_SYNTAX', message: 'malformed XML: the file is empty', line: 1, column: 1 });
    const u = parseXml('<a>\n x &nbsp; y</a>', { file: 'u.xml' }).diagnostics[0]!;
    expect(u).toMatchObject({ code: 'E_XML_SYNTAX', line: 2 });
    expect(u.message).toContain("undefined entity '&nbsp;'");
    expect(u.hint).toContain('&amp;');
  });
});

// ------------------------------------------------------------------------------------------------ validateSbml

const L3 = 'http://www.sbml.org/sbml/level3/version2/core';
const MML = 'http://www.w3.org/1998/Math/MathML';
const math = (inner: string) => `<math xmlns="${MML}">${inner}</math>`;
function check(body: string, ns = L3, lv = 'level="3" version="2"'): Diagnostic[] {
  const { root, diagnostics } = parseXml(`<sbml xmlns="${ns}" ${lv}><model id="m">${body}</model></sbml>`);
  expect(diagnostics).toEqual([]);
  return validateSbml(root!, 'v.xml');
}
const COMP = '<listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>';
const SPEC = '<listOfSpecies><species id="S" compartment="c" initialAmount="1" hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/></listOfSpecies>';
const reaction = (id: string, rate: string, locals = '') =>
  `<reaction id="${id}" reversible="false"><listOfReactants><speciesReference species="S" constant="true"/></listOfReactants><kineticLaw>${math(rate)}${locals}</kineticLaw></reaction>`;

describe('validateSbml: SBML id scopes (L3V2 section 3.3)', () => {
  it('a local parameter shadows a global id in its own kinetic law; two reactions may use the same local id', () => {
    const lp = (v: string) => `<listOfLocalParameters><localParameter id="k" value="${v}"/></listOfLocalParameters>`;
    const body = `${COMP}${SPEC}<listOfParameters><parameter id="k" value="1" constant="true"/></listOfParameters>
      <listOfReactions>${reaction('R1', '<ci>k</ci>', lp('2'))}${reaction('R2', '<ci>k</ci>', lp('3'))}</listOfReactions>`;
    expect(check(body)).toEqual([]);
  });

  it('two local parameters of one kinetic law with the same id are a duplicate; Level 2 kinetic-law parameters are local too', () => {
    const dup = `${COMP}${SPEC}<listOfReactions>${reaction('R1', '<ci>k</ci>', '<listOfLocalParameters><localParameter id="k" value="1"/><localParameter id="k" value="2"/></listOfLocalParameters>')}</listOfReactions>`;
    expect(check(dup).map((d) => d.code)).toEqual(['E_SBML_DUPLICATE_ID']);
    const l2 = `${COMP.replace(' constant="true"', '')}${SPEC.replace(/ hasOnlySubstanceUnits="true" boundaryCondition="false" constant="false"/, '')}<listOfReactions><reaction id="R1"><listOfReactants><speciesReference species="S"/></listOfReactants><kineticLaw>${math('<ci>kf</ci>')}<listOfParameters><parameter id="kf" value="1"/></listOfParameters></kineticLaw></reaction></listOfReactions>`;
    expect(check(l2, 'http://www.sbml.org/sbml/level2/version4', 'level="2" version="4"')).toEqual([]);
  });

  it('unit definitions have their own id space; csymbols (time, delay, avogadro) are not ids; reaction ids are values', () => {
    const body = `<listOfUnitDefinitions><unitDefinition id="S"><listOfUnits><unit kind="mole" exponent="1" scale="0" multiplier="1"/></listOfUnits></unitDefinition></listOfUnitDefinitions>
      ${COMP}${SPEC}<listOfParameters><parameter id="p" value="1" units="S" constant="false"/></listOfParameters>
      <listOfRules><assignmentRule variable="p">${math(`<apply><plus/><csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol><ci> R1 </ci><cn xmlns:sbml="${L3}" sbml:units="second">1</cn></apply>`)}</assignmentRule></listOfRules>
      <listOfReactions>${reaction('R1', '<ci>S</ci>')}</listOfReactions>`;
    expect(check(body)).toEqual([]);
  });

  it('an id of the wrong kind: a species reference naming a parameter, a <ci> naming an event, a call of a parameter', () => {
    const base = `${COMP}${SPEC}<listOfParameters><parameter id="p" value="1" constant="true"/></listOfParameters>`;
    const wrongSpecies = check(`${base}<listOfReactions><reaction id="R" reversible="false"><listOfProducts><speciesReference species="p" constant="true"/></listOfProducts></reaction></listOfReactions>`);
    expect(wrongSpecies.map((d) => d.message)).toEqual([`reaction 'R' refers to species 'p', but 'p' is a <parameter> (line 1)`]);
    const ev = `<listOfEvents><event id="e" useValuesFromTriggerTime="true"><trigger initialValue="true" persistent="true">${math('<apply><gt/><ci>S</ci><cn>1</cn></apply>')}</trigger></event></listOfEvents>`;
    const eventInMath = check(`${base}<listOfRules><rateRule variable="S">${math('<ci>e</ci>')}</rateRule></listOfRules>${ev}`);
    expect(eventInMath.map((d) => d.message)).toEqual([`the rate rule for 'S' uses 'e', which is an <event> (line 1) and has no value in math`]);
    const call = check(`${base}<listOfRules><rateRule variable="S">${math('<apply><ci>p</ci><cn>1</cn></apply>')}</rateRule></listOfRules>`);
    expect(call.map((d) => d.message)).toEqual([`the rate rule for 'S' calls 'p' as a function, but 'p' is a <parameter> (line 1)`]);
  });

  it('finds nothing to report in the committed SBML Test Suite models (all levels and versions present)', () => {
    const dirs = [join(ROOT, 'test', 'sbml', 'fixtures', 'cases'), join(ROOT, 'test', 'sbml-suite', 'cases')];
    let n = 0;
    for (const base of dirs) {
      for (const c of readdirSync(base).filter((x) => /^\d{5}$/.test(x))) {
        for (const f of readdirSync(join(base, c)).filter((x) => /-sbml-l[23]v\d\.xml$/.test(x))) {
          const { root } = parseXml(readFileSync(join(base, c, f), 'utf8'), { file: f });
          expect(validateSbml(root!, f), f).toEqual([]);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThanOrEqual(100);
  });
});

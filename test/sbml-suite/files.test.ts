import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isExosimError, type Diagnostic } from '../../src/diagnostics.js';
import { parseModelDescription, parseSettings, parseSuiteNumber, readResultsCsv } from '../../src/sbml/suite/files.js';
import { listCases } from '../../src/sbml/suite/cases.js';

const CASES = join(import.meta.dirname, 'cases');
const read = (id: string, suffix: string): string => readFileSync(join(CASES, id, `${id}-${suffix}`), 'utf8');

/** Run `f`, expecting an ExosimError; return its diagnostics. */
function diagnosticsOf(f: () => unknown): Diagnostic[] {
  try {
    f();
  } catch (e) {
    if (isExosimError(e)) return e.diagnostics;
    throw e;
  }
  throw new Error('expected an ExosimError');
}

/** Minimal CSV line splitter honouring double quotes (for index-extended.csv, an independent source). */
function csvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

describe('parseSuiteNumber', () => {
  it('reads the spellings the suite uses', () => {
    expect(parseSuiteNumber('0')).toBe(0);
    expect(parseSuiteNumber('1.')).toBe(1);
    expect(parseSuiteNumber('1.e-15')).toBe(1e-15);
    expect(parseSuiteNumber('1.50000E-06')).toBe(1.5e-6);
    expect(parseSuiteNumber(' -2.5 ')).toBe(-2.5);
    expect(parseSuiteNumber('INF')).toBe(Infinity);
    expect(parseSuiteNumber('-INF')).toBe(-Infinity);
    expect(parseSuiteNumber('+inf')).toBe(Infinity);
    expect(parseSuiteNumber('NaN')).toBeNaN();
    expect(parseSuiteNumber('nan')).toBeNaN();
  });
  it('rejects non-numbers that Number() would accept or misread', () => {
    for (const t of ['', ' ', '0x10', 'abc', '1,5', '1e', '--1', 'Infinit']) expect(parseSuiteNumber(t)).toBeUndefined();
  });
});

describe('parseSettings', () => {
  it('reads case 00001 as written in its settings file', () => {
    const s = parseSettings(read('00001', 'settings.txt'));
    expect(s).toEqual({
      start: 0,
      duration: 5,
      steps: 50,
      variables: ['S1', 'S2'],
      absolute: 1e-7,
      relative: 0.0001,
      amount: ['S1', 'S2'],
      concentration: [],
    });
  });

  it('leaves start/duration/steps null for a FluxBalanceSteadyState case', () => {
    const fba = listCases(CASES).find((c) => readFileSync(join(c.dir, `${c.id}-model.m`), 'utf8').includes('FluxBalanceSteadyState'));
    expect(fba).toBeDefined();
    const s = parseSettings(readFileSync(join(fba!.dir, `${fba!.id}-settings.txt`), 'utf8'));
    expect(s.start).toBeNull();
    expect(s.duration).toBeNull();
    expect(s.steps).toBeNull();
    expect(s.variables.length).toBeGreaterThan(0);
  });

  it('parses every committed settings file, and the results have steps + 1 rows with header time,<variables>', () => {
    for (const c of listCases(CASES)) {
      const s = parseSettings(read(c.id, 'settings.txt'));
      const r = readResultsCsv(read(c.id, 'results.csv'));
      if (s.steps !== null) {
        expect(r.rows.length, c.id).toBe(s.steps + 1);
        // The suite writes `time` or `Time`.
        expect(r.header[0]?.toLowerCase(), c.id).toBe('time');
        expect(r.header.slice(1), c.id).toEqual(s.variables);
        // First and last rows are at start and start + duration (up to the suite's printing precision).
        expect(r.rows[0]![0], c.id).toBeCloseTo(s.start!, 9);
        expect(r.rows[r.rows.length - 1]![0], c.id).toBeCloseTo(s.start! + s.duration!, 6);
      } else {
        expect(r.header, c.id).toEqual(s.variables);
      }
      for (const id of [...s.amount, ...s.concentration]) expect(s.variables, c.id).toContain(id);
    }
  });

  it('reports malformed files with file, line, problem and fix', () => {
    const text = [
      'start: 0',
      'duration: five',
      'steps: 2.5',
      'variables: S1, S2',
      'this line is wrong',
      'absolute: -1',
      'relative: 0.0001',
      'relative: 0.001',
      'amount: S3',
      'colour: blue',
      'concentration:',
    ].join('\n');
    const ds = diagnosticsOf(() => parseSettings(text, 'x-settings.txt'));
    const byLine = new Map(ds.map((d) => [d.line, d]));
    expect(ds.every((d) => d.file === 'x-settings.txt' && typeof d.hint === 'string' && d.hint.length > 0)).toBe(true);
    expect(byLine.get(2)?.code).toBe('E_SBML_SUITE_SETTINGS_VALUE');
    expect(byLine.get(2)?.message).toContain('duration');
    expect(byLine.get(3)?.message).toContain('positive integer');
    expect(byLine.get(5)?.code).toBe('E_SBML_SUITE_SETTINGS_SYNTAX');
    expect(byLine.get(6)?.message).toContain('negative');
    expect(byLine.get(8)?.code).toBe('E_SBML_SUITE_SETTINGS_DUPLICATE');
    expect(byLine.get(9)?.message).toContain('S3');
    expect(byLine.get(10)?.code).toBe('W_SBML_SUITE_SETTINGS_UNKNOWN_KEY');
    expect(byLine.get(10)?.severity).toBe('warning');
  });

  it('reports missing required keys and species listed as both amount and concentration', () => {
    const ds = diagnosticsOf(() => parseSettings('start: 0\nvariables: A\namount: A\nconcentration: A\n'));
    expect(ds.filter((d) => d.code === 'E_SBML_SUITE_SETTINGS_MISSING').map((d) => d.message)).toEqual([
      'required key "absolute" is missing',
      'required key "relative" is missing',
    ]);
    expect(ds.some((d) => d.message.includes('both as amount and as concentration'))).toBe(true);
  });

  it('accepts CRLF line ends and unknown keys (warning only)', () => {
    const s = parseSettings('variables: A\r\nabsolute: 1e-3\r\nrelative: 0\r\nfoo: 1\r\n');
    expect(s.variables).toEqual(['A']);
    expect(s.absolute).toBe(0.001);
    expect(s.relative).toBe(0);
  });
});

describe('readResultsCsv', () => {
  it('reads INF, -INF and NaN where the raw text has them (cases 00951, 01811)', () => {
    for (const id of ['00951', '01811']) {
      const raw = read(id, 'results.csv').trim().split(/\r?\n/);
      const t = readResultsCsv(raw.join('\n'));
      raw.slice(1).forEach((line, i) => {
        line.split(',').forEach((tok, j) => {
          const x = t.rows[i]![j]!;
          const s = tok.trim();
          if (s === 'INF') expect(x).toBe(Infinity);
          else if (s === '-INF') expect(x).toBe(-Infinity);
          else if (s === 'NaN') expect(x).toBeNaN();
          else expect(x).toBe(parseFloat(s));
        });
      });
      const flat = t.rows.flat();
      expect(flat.some((x) => !Number.isFinite(x)), id).toBe(true);
    }
  });

  it('accepts a file without header (header is then empty)', () => {
    expect(readResultsCsv('0,1\n1,2\n')).toEqual({ header: [], rows: [[0, 1], [1, 2]] });
  });

  it('reports ragged rows and non-numeric values with line and column', () => {
    const ds = diagnosticsOf(() => readResultsCsv('time,A,B\n0,1,2\n1,2\n2,x,3\n', 'r.csv'));
    expect(ds.map((d) => [d.code, d.line, d.column])).toEqual([
      ['E_SBML_SUITE_RESULTS_WIDTH', 3, undefined],
      ['E_SBML_SUITE_RESULTS_NUMBER', 4, 3],
    ]);
    expect(ds.every((d) => d.file === 'r.csv' && d.hint)).toBe(true);
  });
});

describe('parseModelDescription', () => {
  it('agrees with index-extended.csv (an independent listing) on every committed case', () => {
    const lines = readFileSync(join(CASES, 'index-extended.csv'), 'utf8').trim().split(/\r?\n/);
    const head = csvLine(lines[0]!);
    const col = (name: string): number => head.indexOf(name);
    expect(lines.length - 1).toBe(listCases(CASES).length);
    for (const line of lines.slice(1)) {
      const f = csvLine(line);
      const id = f[col('case')]!;
      const d = parseModelDescription(read(id, 'model.m'), `${id}-model.m`);
      expect(d.componentTags.join(';'), id).toBe(f[col('componentTags')]);
      expect(d.testTags.join(';'), id).toBe(f[col('testTags')]);
      expect(d.testType, id).toBe(f[col('testType')]);
      expect((d.packagesPresent ?? []).join(';'), id).toBe(f[col('packagesPresent')]);
      expect(d.synopsis, id).toBe(f[col('synopsis')]);
    }
  });

  it('joins multi-line synopses, accepts indented keys and ignores text after the field block', () => {
    const text = [
      'Previous version of this file:',
      '(*',
      '',
      'category:      Test',
      ' synopsis:     Two reactions',
      '               with a boundary species.',
      'componentTags: Compartment, Species , Reaction',
      'testTags:      Amount, BoundaryCondition',
      'testType:      TimeCourse',
      'levels:        2.4, 3.1',
      'generatedBy:   Numeric',
      'packagesPresent: ',
      '',
      'testTags: NotATag',
      '*)',
      'newcase[ "00001" ];',
    ].join('\n');
    expect(parseModelDescription(text)).toEqual({
      category: 'Test',
      synopsis: 'Two reactions with a boundary species.',
      componentTags: ['Compartment', 'Species', 'Reaction'],
      testTags: ['Amount', 'BoundaryCondition'],
      testType: 'TimeCourse',
      levels: ['2.4', '3.1'],
      generatedBy: 'Numeric',
      packagesPresent: [],
    });
  });

  it('reports a file with no description comment or no tags', () => {
    expect(diagnosticsOf(() => parseModelDescription('newcase["1"];', 'm.m'))[0]).toMatchObject({
      code: 'E_SBML_SUITE_MODEL_DESCRIPTION',
      file: 'm.m',
    });
    expect(diagnosticsOf(() => parseModelDescription('(* just a comment *)'))[0]?.message).toContain('componentTags');
  });
});

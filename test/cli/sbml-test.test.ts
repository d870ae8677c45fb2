/**
 * `exosim sbml-test`: the SBML Test Suite wrapper (one case, Test Runner convention) and batch mode (--all),
 * run in-process over the committed cases (test/sbml-suite/cases) with the harness's echo simulator, whose
 * output is by construction the case's expected results (factor 1) or those results times a factor.
 * The expected values below come from the suite's own NNNNN-results.csv files, read with the harness's parser.
 */
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXOSIM_SUPPORTED_PACKAGES, caseInfo, isTimeCourse, listCases, readCaseResults, readCaseSettings } from '../../src/sbml/suite/cases.js';
import { readResultsCsv } from '../../src/sbml/suite/files.js';
import { loadSuiteSimulator } from '../../cli/commands/sbml-test.js';
import { ExosimError } from '../../src/diagnostics.js';
import { cli, ROOT, tmp } from './helpers.js';

const CASES = join(ROOT, 'test', 'sbml-suite', 'cases');
const REL_CASES = 'test/sbml-suite/cases';

/** Expected table of a committed case, from its NNNNN-results.csv. */
function expectedOf(id: string) {
  const info = caseInfo(CASES, id);
  return readCaseResults(info, readCaseSettings(info));
}

/** Parse a CSV written by the command with the suite's own number reader (INF/NaN/Infinity accepted). */
function readOut(path: string) {
  return readResultsCsv(readFileSync(path, 'utf8'), path);
}

describe('exosim sbml-test <cases-dir> <case-id> <out-dir> (one case)', () => {
  it('writes <out-dir>/<case-id>.csv equal to the expected results (echo simulator) and exits 0', async () => {
    const out = join(tmp(), 'out');
    const r = await cli(['sbml-test', REL_CASES, '00001', out, '--simulator', 'echo']);
    expect(r.stderr).toContain('00001');
    expect(r.code).toBe(0);
    const got = readOut(join(out, '00001.csv'));
    const want = expectedOf('00001');
    expect(got.header).toEqual(['time', 'S1', 'S2']);
    expect(got.header).toEqual(want.header);
    expect(got.rows.length).toBe(51); // steps: 50 -> 51 rows
    expect(got.rows).toEqual(want.rows); // full precision: every double round-trips exactly
  });

  it('accepts the Test Runner trailing <level> <version> and picks that SBML file', async () => {
    const out = tmp();
    const r = await cli(['sbml-test', REL_CASES, '00001', out, '3', '2', '--simulator', 'echo', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { id: string; sbml: string; rows: number };
    expect(j.id).toBe('00001');
    expect(j.sbml.endsWith('00001-sbml-l3v2.xml')).toBe(true);
    expect(j.rows).toBe(51);
    const missing = await cli(['sbml-test', REL_CASES, '00001', out, '1', '1', '--simulator', 'echo']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('E_SBML_CASE_NOT_FOUND');
    expect(missing.stderr).toContain('Level 1 Version 1');
  });

  it('--score reports pass or failure on stderr but exits 0 either way (the Test Runner scores)', async () => {
    const out = tmp();
    const ok = await cli(['sbml-test', REL_CASES, '00001', out, '--simulator', 'echo', '--score']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/00001: passed \(153 points/); // 51 rows x (time, S1, S2)
    const bad = await cli(['sbml-test', REL_CASES, '00001', out, '--simulator', 'echo:1.01', '--score']);
    expect(bad.code).toBe(0);
    expect(bad.stderr).toMatch(/00001: failed: \d+ point\(s\) out of tolerance/);
    // The CSV holds the perturbed values: 1.01 x expected.
    const got = readOut(join(out, '00001.csv'));
    const want = expectedOf('00001');
    expect(got.rows[0]![1]).toBe(want.rows[0]![1]! * 1.01);
  });

  it('a refused case leaves an existing output file untouched and exits 2 with file:line', async () => {
    // A copy of case 00001 whose settings file has a malformed line 3.
    const cases = tmp();
    cpSync(join(CASES, '00001'), join(cases, '00001'), { recursive: true });
    const settings = join(cases, '00001', '00001-settings.txt');
    const lines = readFileSync(settings, 'utf8').split('\n');
    lines[2] = 'steps 50';
    writeFileSync(settings, lines.join('\n'));
    const out = tmp();
    const previous = 'time,S1,S2\n0,1,2\n';
    writeFileSync(join(out, '00001.csv'), previous);
    const r = await cli(['sbml-test', cases, '00001', out, '--simulator', 'echo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/00001-settings\.txt:3(:\d+)?: error E_SBML_SUITE_SETTINGS_SYNTAX/);
    expect(readFileSync(join(out, '00001.csv'), 'utf8')).toBe(previous);
    expect(readdirSync(out)).toEqual(['00001.csv']); // no temporary file left behind
  });

  it('bad arguments exit 2 with messages', async () => {
    const out = tmp();
    const cases: [string[], RegExp][] = [
      [['sbml-test', REL_CASES, '--simulator', 'echo'], /expected <case-id> <out-dir>/],
      [['sbml-test', REL_CASES, '1', out, '--simulator', 'echo'], /five-digit case id/],
      [['sbml-test', REL_CASES, '00001', out, '3', '--simulator', 'echo'], /level and version come together/],
      [['sbml-test', REL_CASES, '00001', out, 'x', 'y', '--simulator', 'echo'], /<level>: expected a positive integer/],
      [['sbml-test', REL_CASES, '00001', out, '--filter', 'Amount', '--simulator', 'echo'], /--filter: only applies with --all/],
      [['sbml-test', REL_CASES, '99999', out, '--simulator', 'echo'], /E_SBML_CASE_NOT_FOUND.*99999/],
      [['sbml-test', 'no/such/dir', '00001', out, '--simulator', 'echo'], /E_SBML_CASE_NOT_FOUND.*no\/such\/dir/],
      [['sbml-test', REL_CASES, '00001', out, '--simulator', 'magic'], /unknown simulator 'magic'/],
      [['sbml-test', REL_CASES, '--all', '--simulator', 'echo'], /--out: is required with --all/],
      [['sbml-test', REL_CASES, '00001', out, '--all', '--out', out, '--simulator', 'echo'], /--all: takes no <case-id>/],
      [['sbml-test', REL_CASES, '--all', '--out', out, '--concurrency', '0', '--simulator', 'echo'], /--concurrency: must be an integer/],
      [['sbml-test', REL_CASES, '--all', '--out', out, '--report', 'r.txt', '--simulator', 'echo'], /--report: .*must end in \.md/],
      [['sbml-test'], /E_USAGE/],
    ];
    for (const [args, msg] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(msg);
    }
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('exosim sbml-test <cases-dir> --all --out <dir>', () => {
  const timeCourses = listCases(CASES)
    .map((c) => caseInfo(CASES, c.id))
    .filter((i) => isTimeCourse(i, { supportedPackages: EXOSIM_SUPPORTED_PACKAGES }));

  it('runs every time-course case, writes each CSV equal to its expected results, and prints the summary by tag', async () => {
    const dir = tmp();
    const out = join(dir, 'csv');
    const report = join(dir, 'report.md');
    const r = await cli(['sbml-test', REL_CASES, '--all', '--out', out, '--report', report, '--concurrency', '4', '--simulator', 'echo']);
    expect(r.code).toBe(0);
    const n = timeCourses.length;
    expect(n).toBeGreaterThan(50);
    expect(r.stderr).toContain(`${n} case(s) run: ${n} passed, 0 failed, 0 errored`);
    expect(r.stdout).toContain('### By test tag');
    expect(r.stdout).toContain('### By component tag');
    // Every tag of every run case is listed.
    for (const tag of new Set(timeCourses.flatMap((i) => [...i.testTags, ...i.componentTags]))) expect(r.stdout).toContain(`| ${tag} |`);
    expect(readFileSync(report, 'utf8')).toBe(r.stdout);
    const files = readdirSync(out).sort();
    expect(files).toEqual(timeCourses.map((i) => `${i.id}.csv`));
    for (const info of timeCourses) {
      const got = readOut(join(out, `${info.id}.csv`));
      const want = readCaseResults(info, readCaseSettings(info));
      expect(got.header, info.id).toEqual(want.header);
      expect(got.rows, info.id).toEqual(want.rows);
    }
  });

  it('counts failures (echo x 1.01), filters by tag, prints JSON, and still exits 0', async () => {
    const out = tmp();
    const r = await cli(['sbml-test', REL_CASES, '--all', '--out', out, '--filter', 'EventWithDelay', '--json', '--simulator', 'echo:1.01']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      run: number;
      passed: number;
      failed: number;
      errored: number;
      byComponentTag: Record<string, { passed: number; total: number }>;
      results: { id: string; status: string }[];
    };
    const selected = timeCourses.filter((i) => i.testTags.includes('EventWithDelay') || i.componentTags.includes('EventWithDelay'));
    expect(selected.length).toBeGreaterThan(0);
    expect(j.run).toBe(selected.length);
    expect(j.results.map((x) => x.id)).toEqual(selected.map((i) => i.id));
    expect(j.byComponentTag['EventWithDelay']!.total).toBe(selected.length);
    expect(j.passed + j.failed + j.errored).toBe(j.run);
    expect(j.failed).toBeGreaterThan(0); // a 1 % change exceeds the tolerance of these cases
    expect(j.errored).toBe(0);
    expect(readdirSync(out).sort()).toEqual(selected.map((i) => `${i.id}.csv`));
  });

  it('--no-score only simulates and writes the CSVs', async () => {
    const out = tmp();
    const r = await cli(['sbml-test', REL_CASES, '--all', '--out', out, '--no-score', '--filter', 'Amount', '--simulator', 'echo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('not scored');
    expect(r.stderr).toMatch(/\d+ simulated, 0 errored \(not scored\)/);
    expect(readdirSync(out).length).toBeGreaterThan(0);
  });
});

describe('exosim sbml-test with the ExoSim simulator (default)', () => {
  it('case 00001 (S1 -> S2, analytic solution) passes the suite scorer', async () => {
    const out = tmp();
    const r = await cli(['sbml-test', REL_CASES, '00001', out, '--score']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/00001: passed/);
    // Scored again here, independently of the command: |C - U| <= 1e-7 + 1e-4 |U| at every point.
    const got = readOut(join(out, '00001.csv'));
    const want = expectedOf('00001');
    expect(got.header).toEqual(want.header);
    expect(got.rows.length).toBe(want.rows.length);
    got.rows.forEach((row, i) => row.forEach((c, j) => expect(Math.abs(c - want.rows[i]![j]!)).toBeLessThanOrEqual(1e-7 + 1e-4 * Math.abs(want.rows[i]![j]!))));
  });

  it('a malformed SBML file is refused with file:line, exit 2, and the existing CSV is untouched', async () => {
    const cases = tmp();
    cpSync(join(CASES, '00001'), join(cases, '00001'), { recursive: true });
    const xml = join(cases, '00001', '00001-sbml-l3v2.xml');
    const lines = readFileSync(xml, 'utf8').split('\n');
    const k = lines.findIndex((l) => l.includes('<listOfSpecies'));
    expect(k).toBeGreaterThan(0);
    lines[k] = lines[k]!.replace('<listOfSpecies', '<<listOfSpecies');
    writeFileSync(xml, lines.join('\n'));
    const out = tmp();
    const previous = 'time,S1,S2\n0,1,2\n';
    writeFileSync(join(out, '00001.csv'), previous);
    const r = await cli(['sbml-test', cases, '00001', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`00001-sbml-l3v2\\.xml:${k + 1}:\\d+: error E_XML_SYNTAX`));
    expect(readFileSync(join(out, '00001.csv'), 'utf8')).toBe(previous);
    expect(readdirSync(out)).toEqual(['00001.csv']);
  });

  it('a simulator module that cannot be loaded is E_SBML_UNAVAILABLE', async () => {
    const e = await loadSuiteSimulator('exosim', '../../src/sbml/suite/no-such-simulator.js').then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ExosimError);
    expect((e as ExosimError).diagnostics[0]!.code).toBe('E_SBML_UNAVAILABLE');
    expect((e as ExosimError).message).toMatch(/could not be loaded/);
    expect(typeof (await loadSuiteSimulator('exosim'))).toBe('function');
  });
});

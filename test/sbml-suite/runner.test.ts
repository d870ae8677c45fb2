import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseInfo, isTimeCourse, listCases } from '../../src/sbml/suite/cases.js';
import { makeEchoSimulator } from '../../src/sbml/suite/echo.js';
import { formatSummary, runSuite, type SimulateCase } from '../../src/sbml/suite/runner.js';

const CASES = join(import.meta.dirname, 'cases');
const ROOT = join(import.meta.dirname, '..', '..');

/** Case folders straight from the directory listing (independent of listCases). */
const caseDirs = readdirSync(CASES).filter((n) => /^\d{5}$/.test(n)).sort();

/** Index rows (independent listing of tags and packages). */
const index = (() => {
  const lines = readFileSync(join(CASES, 'index-extended.csv'), 'utf8').trim().split(/\r?\n/);
  const head = lines[0]!.split(',');
  return new Map(
    lines.slice(1).map((l) => {
      const f = l.split(',');
      return [f[0]!, { testType: f[head.indexOf('testType')]!, packages: f[head.indexOf('packagesPresent')]! }];
    }),
  );
})();
const plainTimeCourses = caseDirs.filter((id) => index.get(id)!.testType === 'TimeCourse' && index.get(id)!.packages === '');

describe('case discovery and classification', () => {
  it('lists every case folder with its highest SBML Level/Version file', () => {
    const refs = listCases(CASES);
    expect(refs.map((r) => r.id)).toEqual(caseDirs);
    for (const r of refs) {
      const files = readdirSync(r.dir).filter((n) => n.startsWith(`${r.id}-sbml-`));
      const lv = files.map((n) => /l(\d)v(\d)/.exec(n)!.slice(1).join('.')).sort();
      expect(`${r.level}.${r.version}`).toBe(lv[lv.length - 1]);
      expect(r.sbmlPath?.endsWith(`${r.id}-sbml-l${r.level}v${r.version}.xml`)).toBe(true);
    }
    expect(new Set(refs.map((r) => `${r.level}.${r.version}`))).toEqual(new Set(['2.5', '3.1', '3.2']));
  });

  it('picks the highest of several SBML files in one folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbml-suite-'));
    const c = join(dir, '00042');
    mkdirSync(c);
    for (const f of ['00042-sbml-l2v4.xml', '00042-sbml-l3v1.xml', '00042-sbml-l1v2.xml', '00042-settings.txt', 'other-l3v2.xml']) {
      writeFileSync(join(c, f), '', { flag: 'w' });
    }
    const [r] = listCases(dir);
    expect(r).toMatchObject({ id: '00042', level: 3, version: 1, available: [[3, 1], [2, 4], [1, 2]] });
  });

  it('classifies fbc, comp and FluxBalanceSteadyState cases as not time courses', () => {
    for (const id of caseDirs) expect(isTimeCourse(caseInfo(CASES, id)), id).toBe(plainTimeCourses.includes(id));
    expect(caseDirs.length - plainTimeCourses.length).toBe(12); // fbc v1, fbc v2, ten comp cases
    const comp = caseDirs.find((id) => index.get(id)!.packages === 'comp')!;
    expect(isTimeCourse(caseInfo(CASES, comp), { supportedPackages: ['comp'] })).toBe(true);
    expect(isTimeCourse({ testType: 'SteadyState', componentTags: [], testTags: [] })).toBe(false);
    expect(isTimeCourse({ testType: 'TimeCourse', componentTags: ['fbc:Objective'], testTags: [] })).toBe(false);
  });
});

describe('runSuite', () => {
  it('echo simulator: every plain time course passes', async () => {
    const seen: string[] = [];
    const s = await runSuite(CASES, makeEchoSimulator(), { concurrency: 4, onResult: (r) => seen.push(r.id) });
    expect(s.total).toBe(caseDirs.length);
    expect(s.timeCourse).toBe(plainTimeCourses.length);
    expect(s.run).toBe(plainTimeCourses.length);
    expect(s.passed).toBe(plainTimeCourses.length);
    expect(s.failed + s.errored).toBe(0);
    expect(seen.sort()).toEqual(plainTimeCourses);
    expect(s.byTestTag['Amount']).toEqual({ passed: s.byTestTag['Amount']!.total, total: s.byTestTag['Amount']!.total });
    expect(s.byComponentTag['AlgebraicRule']!.total).toBeGreaterThanOrEqual(4);
  });

  it('echo simulator with a filter accepting everything also passes the fbc and comp cases', async () => {
    const s = await runSuite(CASES, makeEchoSimulator(), { filter: () => true });
    expect(s.run).toBe(caseDirs.length);
    expect(s.passed).toBe(caseDirs.length);
  });

  it('echo x 1.01 fails exactly the cases where some |0.01 U| exceeds T_a + T_r |U|', async () => {
    // Independent expectation, from the raw files with plain string splitting.
    const expectedFail = plainTimeCourses.filter((id) => {
      const st = readFileSync(join(CASES, id, `${id}-settings.txt`), 'utf8');
      const abs = Number(/absolute:\s*(\S+)/.exec(st)![1]);
      const rel = Number(/relative:\s*(\S+)/.exec(st)![1]);
      const lines = readFileSync(join(CASES, id, `${id}-results.csv`), 'utf8').trim().split(/\r?\n/).slice(1);
      return lines.some((l) =>
        l.split(',').slice(1).some((tok) => {
          const u = Number(tok);
          return Number.isFinite(u) && 0.01 * Math.abs(u) > abs + rel * Math.abs(u) * 1.0000001;
        }),
      );
    });
    const s = await runSuite(CASES, makeEchoSimulator(1.01));
    const failed = s.failures.map((f) => f.id).sort();
    expect(failed).toEqual(expectedFail);
    expect(s.failed).toBe(expectedFail.length);
    expect(s.errored).toBe(0);
    // Most committed cases use T_r = 1e-4 and visible values, so most must fail.
    expect(expectedFail.length).toBeGreaterThan(plainTimeCourses.length * 0.8);
    for (const id of failed) {
      const rel = Number(/relative:\s*(\S+)/.exec(readFileSync(join(CASES, id, `${id}-settings.txt`), 'utf8'))![1]);
      expect(rel, id).toBeLessThan(0.01);
    }
    expect(s.failures[0]!.reason).toMatch(/point\(s\) out of tolerance/);
  });

  it('reports simulator exceptions and wrong output as errored / failed, and keeps going', async () => {
    const echo = makeEchoSimulator();
    const sim: SimulateCase = async (dir, id, settings, sbml) => {
      if (id === '00001') throw new Error('boom');
      const t = await echo(dir, id, settings, sbml);
      if (id === plainTimeCourses[1]) return { header: t.header.slice(0, 1), rows: t.rows.map((r) => r.slice(0, 1)) };
      return t;
    };
    const s = await runSuite(CASES, sim, { concurrency: 3 });
    expect(s.errored).toBe(1);
    expect(s.failed).toBe(1);
    expect(s.passed).toBe(plainTimeCourses.length - 2);
    expect(s.failures).toEqual([
      { id: '00001', status: 'errored', reason: 'boom' },
      { id: plainTimeCourses[1], status: 'failed', reason: expect.stringMatching(/computed results lack column/) },
    ]);
    const md = formatSummary(s);
    expect(md).toContain(`| ${caseDirs.length} | ${plainTimeCourses.length} | ${plainTimeCourses.length} | ${plainTimeCourses.length - 2} | 1 | 1 |`);
    expect(md).toContain('### By test tag');
    expect(md).toContain('### By component tag');
    expect(md).toMatch(/\| Amount \| \d+ \| \d+ \| [\d.]+% \|/);
    expect(md).toContain('| 00001 | errored | boom |');
  });

  it('runs only the filtered cases and the listed ids', async () => {
    const s = await runSuite(CASES, makeEchoSimulator(), { filter: (i) => i.componentTags.includes('CSymbolDelay') });
    expect(s.run).toBe(s.byComponentTag['CSymbolDelay']!.total);
    expect(s.run).toBeGreaterThanOrEqual(3);
    const one = await runSuite(CASES, makeEchoSimulator(), { ids: ['00001'] });
    expect([one.total, one.run, one.passed]).toEqual([1, 1, 1]);
  });
});

describe('scripts/sbml-suite.ts', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'sbml-suite.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

  it('echo self-check passes (exit 0) and writes a Markdown report; x1.01 fails (exit 1)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sbml-suite-')), 'report.md');
    const ok = run(CASES, '--out', out);
    expect(ok.stderr).toContain(`run ${plainTimeCourses.length}: passed ${plainTimeCourses.length}, failed 0, errored 0`);
    expect(ok.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('### By component tag');
    const bad = run(CASES, '--perturb', '1.01', '--filter', 'EventNoDelay');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('### Failures');
  });

  it('loads a simulator module exporting simulateCase', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbml-suite-'));
    const mod = join(dir, 'sim.mjs');
    writeFileSync(mod, 'export function simulateCase() { return { header: ["time"], rows: [] }; }\n');
    const r = run(CASES, '--simulator', mod, '--filter', 'CSymbolAvogadro');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/row count differs|lack column/);
    const usage = run(CASES, '--simulator', join(dir, 'missing.mjs'));
    expect(usage.status).toBe(2);
  });
});

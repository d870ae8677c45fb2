/**
 * `exosim run --solver <stochastic>` (ensembles) and `exosim dsmts`: output shape, header order, run record,
 * flag errors, thread-independence and Ctrl-C of the built CLI. Statistical checks state their false-failure
 * probability; seeds are fixed so every test is deterministic.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModelText } from '../../src/pipeline.js';
import { exportSbml } from '../../src/sbml/export.js';
import { IMMIGRATION_DEATH } from '../ensemble/helpers.js';
import { normalTail } from '../../cli/commands/dsmts.js';
import { cli, parseCsv, spawnCli, tmp } from './helpers.js';

// 0 -> A (alpha = 10/s), A -> B (k = 0.1/s): A(t) ~ Poisson(100 (1 - e^{-t/10})).
const TWO = `exosim: '1'
id: two
units: { time: s, substance: molecule, volume: L }
compartments:
  - { id: c, size: 1, unit: L }
species:
  - { id: A, compartment: c, initialAmount: 0, unit: molecule }
  - { id: B, compartment: c, initialAmount: 0, unit: molecule }
parameters:
  - { id: alpha, value: 10, unit: molecule/s }
  - { id: k, value: 0.1, unit: 1/s }
reactions:
  - { id: make, equation: -> A, rate: alpha }
  - { id: conv, equation: A -> B, rate: k * A * c }
`;

function models(): { dir: string; id: string; two: string } {
  const dir = tmp();
  writeFileSync(join(dir, 'id.yaml'), IMMIGRATION_DEATH);
  writeFileSync(join(dir, 'two.yaml'), TWO);
  return { dir, id: join(dir, 'id.yaml'), two: join(dir, 'two.yaml') };
}

describe('exosim run with a stochastic solver', () => {
  it('writes time,<X>-<stat>,... with 51 rows for --t-end 50 --steps 50, and the run record', async () => {
    const m = models();
    const out = join(m.dir, 'ens.csv');
    const r = await cli(['run', m.two, '--solver', 'ssa-direct', '--replicates', '400', '--seed', '7', '--threads', '1', '--stats', 'mean,sd,q05,q95', '--t-end', '50', '--steps', '50', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const { header, rows } = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual(['time', 'A-mean', 'A-sd', 'A-q05', 'A-q95', 'B-mean', 'B-sd', 'B-q05', 'B-q95']);
    expect(rows).toHaveLength(51);
    for (const [i, row] of rows.entries()) {
      expect(row[0]).toBe(i);
      const lam = 100 * (1 - Math.exp(-0.1 * i));
      if (i === 0) continue;
      // Z = sqrt(n)(mean - lambda)/sqrt(lambda) ~ N(0, 1): |Z| < 4.5 fails by chance with probability 6.8e-6.
      expect(Math.abs((Math.sqrt(400) * (row[1]! - lam)) / Math.sqrt(lam))).toBeLessThan(4.5);
      expect(row[3]).toBeLessThanOrEqual(row[1]!);
      expect(row[4]).toBeGreaterThanOrEqual(row[1]!);
    }
    const rec = JSON.parse(readFileSync(`${out}.run.json`, 'utf8'));
    expect(rec.seed).toBe(7);
    expect(rec.solver.id).toBe('ssa-direct');
    expect(rec.status).toBe('done');
    expect(rec.ensemble).toMatchObject({ replicates: 400, replicatesDone: 400, seed: 7, threads: 1, stats: ['mean', 'sd', 'q05', 'q95'] });
    expect(r.stderr).toContain('400 of 400 replicates');
    expect(readdirSync(m.dir).sort()).toEqual(['ens.csv', 'ens.csv.run.json', 'id.yaml', 'two.yaml']);
  });

  it('keeps --species order and writes one trajectory without --replicates/--stats', async () => {
    const m = models();
    const r = await cli(['run', m.two, '--solver', 'ssa-next-reaction', '--replicates', '5', '--stats', 'max,mean', '--species', 'B,A', '--t-end', '4', '--steps', '2', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(parseCsv(r.stdout).header).toEqual(['time', 'B-max', 'B-mean', 'A-max', 'A-mean']);
    const one = await cli(['run', m.id, '--solver', 'ssa-direct', '--t-end', '5', '--steps', '5', '--quiet']);
    expect(one.code, one.stderr).toBe(0);
    const { header, rows } = parseCsv(one.stdout);
    expect(header).toEqual(['time', 'X']);
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(Number.isInteger(row[1])).toBe(true);
  });

  it('writes trajectories as one long CSV or a directory of files', async () => {
    const m = models();
    const long = join(m.dir, 'traj.csv');
    const r = await cli(['run', m.id, '--solver', 'ssa-direct', '--replicates', '3', '--t-end', '2', '--steps', '2', '--trajectories', long, '--out', join(m.dir, 's.csv'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const t = parseCsv(readFileSync(long, 'utf8'));
    expect(t.header).toEqual(['replicate', 'time', 'X']);
    expect(t.rows.map((x) => x[0])).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const dir = join(m.dir, 'runs');
    const r2 = await cli(['run', m.id, '--solver', 'ssa-direct', '--replicates', '12', '--t-end', '2', '--trajectories', dir, '--quiet']);
    expect(r2.code, r2.stderr).toBe(0);
    expect(readdirSync(dir)).toHaveLength(12);
    expect(existsSync(join(dir, 'replicate-00.csv'))).toBe(true);
  });

  it('reports flag errors (E_FLAG) before running, and writes nothing', async () => {
    const m = models();
    const out = join(m.dir, 'x.csv');
    const cases: [string[], RegExp][] = [
      [['--replicates', '10'], /--replicates: only for stochastic solvers/],
      [['--solver', 'ode-bdf', '--stats', 'mean'], /--stats: only for stochastic solvers/],
      [['--solver', 'ssa-direct', '--replicates', '0'], /--replicates: must be an integer >= 1/],
      [['--solver', 'ssa-direct', '--replicates', '2.5'], /--replicates: must be an integer >= 1/],
      [['--solver', 'ssa-direct', '--seed', '1.5'], /--seed: must be a non-negative integer/],
      [['--solver', 'ssa-direct', '--seed', '-3'], /--seed: must be a non-negative integer/],
      [['--solver', 'ssa-direct', '--threads', '0'], /--threads: must be an integer >= 1/],
      [['--solver', 'ssa-direct', '--stats', 'mean,mode'], /--stats: unknown statistic 'mode'/],
      [['--solver', 'ssa-direct', '--stats', 'mean,mean'], /--stats: a statistic is listed twice/],
      [['--solver', 'ssa-direct', '--rtol', '1e-6'], /--rtol: does not apply/],
    ];
    for (const [flags, msg] of cases) {
      const r = await cli(['run', m.id, '--t-end', '5', '--out', out, ...flags]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr).toContain('E_FLAG');
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toContain('    at ');
    }
    expect(existsSync(out)).toBe(false);
  });
});

describe('exosim run with a stochastic solver (built CLI, worker threads)', () => {
  it('gives the same bytes with --threads 1 and --threads 2', async () => {
    const m = models();
    const outs = [1, 2].map((t) => join(m.dir, `t${t}.csv`));
    for (const [i, out] of outs.entries()) {
      const r = await spawnCli(['run', m.two, '--solver', 'ssa-direct', '--replicates', '300', '--seed', '3', '--threads', String(i + 1), '--stats', 'mean,sd,q50', '--t-end', '20', '--steps', '10', '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(readFileSync(`${out}.run.json`, 'utf8')).ensemble.threads).toBe(i + 1);
    }
    expect(readFileSync(outs[0]!, 'utf8')).toBe(readFileSync(outs[1]!, 'utf8'));
  });

  it('Ctrl-C writes the statistics over the finished replicates and exits 130', async () => {
    const m = models();
    const out = join(m.dir, 'part.csv');
    const r = await spawnCli(['run', m.id, '--solver', 'ssa-direct', '--replicates', '100000000', '--threads', '2', '--t-end', '50', '--steps', '5', '--out', out], {
      onStart: (child) => setTimeout(() => child.kill('SIGINT'), 3000),
    });
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('interrupted');
    const rec = JSON.parse(readFileSync(`${out}.run.json`, 'utf8'));
    expect(rec.status).toBe('cancelled');
    expect(rec.ensemble.replicatesDone).toBeLessThan(100000000);
    const { rows } = parseCsv(readFileSync(out, 'utf8'));
    expect(rows).toHaveLength(6);
  });
});

describe('exosim dsmts', () => {
  /** A DSMTS-style case from the immigration-death model: SBML export, settings, and analytic expected values. */
  function makeCase(dir: string, id: string, scaleMean = 1): void {
    const flat = compileModelText(IMMIGRATION_DEATH, { file: 'id.yaml', format: 'yaml' }).flat!;
    const cdir = join(dir, id);
    mkdirSync(cdir, { recursive: true });
    writeFileSync(join(cdir, `${id}-sbml-l3v2.xml`), exportSbml(flat));
    writeFileSync(
      join(cdir, `${id}-settings.txt`),
      'start: 0\nduration: 20\nsteps: 20\nvariables: X\nabsolute: \nrelative: \namount: X\nconcentration: \noutput: X-mean, X-sd\nmeanRange: (-3, 3)\nsdRange: (-5, 5)\n',
    );
    const lines = ['time,X-mean,X-sd'];
    for (let t = 0; t <= 20; t++) {
      const lam = 100 * (1 - Math.exp(-0.1 * t)); // Poisson: mean = variance
      lines.push(`${t},${lam * scaleMean},${Math.sqrt(lam)}`);
    }
    writeFileSync(join(cdir, `${id}-results.csv`), lines.join('\n') + '\n');
  }

  it('passes a correct case and fails a case with wrong expected means', async () => {
    const dir = tmp();
    makeCase(dir, '00001');
    makeCase(dir, '00002', 1.05);
    const ok = await cli(['dsmts', dir, '1', '--replicates', '1000', '--threads', '1']);
    expect(ok.code, ok.stderr + ok.stdout).toBe(0);
    expect(ok.stdout).toMatch(/case 00001: 1000 replicates/);
    expect(ok.stdout).toMatch(/mean failures \d+ of 20/);
    expect(ok.stdout).toContain('PASS');
    const all = await cli(['dsmts', dir, '--all', '--replicates', '1000', '--threads', '1', '--json']);
    expect(all.code).toBe(1);
    const j = JSON.parse(all.stdout);
    expect(j.totals.cases).toBe(2);
    expect(j.totals.pass).toBe(false);
    // A 5 % bias at lambda ~ 60-86 and n = 1000 gives Z ~ 12-14 from t = 10 on: those mean tests fail.
    expect(j.cases[1].variables[0].meanFailures.length).toBeGreaterThan(10);
    expect(j.cases[0].variables[0].exactFailures).toEqual([]);
  });

  it('computes normal tail probabilities for the chance allowance', () => {
    // Reference values of Q(x) = 1 - Phi(x) (Abramowitz & Stegun table 26.1 / R's pnorm).
    expect(normalTail(0)).toBeCloseTo(0.5, 14);
    expect(normalTail(1) / 0.15865525393145707 - 1).toBeLessThan(1e-12);
    expect(Math.abs((2 * normalTail(3)) / 0.0026997960632601866 - 1)).toBeLessThan(1e-10);
    expect(Math.abs((2 * normalTail(5)) / 5.733031437583878e-7 - 1)).toBeLessThan(1e-10);
    expect(Math.abs(normalTail(-2) - 0.9772498680518208)).toBeLessThan(1e-13);
  });

  it('refuses bad arguments', async () => {
    const dir = tmp();
    expect((await cli(['dsmts', dir])).stderr).toContain('E_FLAG');
    expect((await cli(['dsmts', dir, '1', '--all'])).code).toBe(2);
    expect((await cli(['dsmts', dir, '1', '--solver', 'ode-bdf'])).stderr).toMatch(/not a stochastic solver/);
    expect((await cli(['dsmts', dir, '--all'])).stderr).toContain('E_FILE_NOT_FOUND');
    expect((await cli(['dsmts', join(dir, 'nope'), '--all'])).code).toBe(2);
  });
});

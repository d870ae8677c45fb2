/**
 * bench/ssa: the generated models are what the benchmark says (counts, determinism), the ExoSim side and the C
 * side describe exactly the same network (ExoSim's compiled propensities and state changes equal the C
 * description's mass-action formula on random states), and the C reference ssa.c is a correct SSA: its ensemble
 * means on a linear network agree with the ODE solution (for linear networks the SSA mean obeys the
 * reaction-rate equations exactly), and an immigration-death species has its Poisson variance.
 *
 * Statistics: N = 4,000 replicates (seed fixed, so the test is deterministic); z = (mean - ODE) / (s / sqrt N)
 * for 4 species x 5 times, |z| < 4 each (two-sided p = 6.3e-5 per check; 20 checks: false-failure probability
 * <= 1.3e-3 for a correct program); the variance check of D at 5 times uses the standard error of the sample
 * variance sqrt((mu4 - sigma^4 (N-3)/(N-1)) / N) with the Poisson moments sigma^2 = mu, mu4 = mu (1 + 3 mu),
 * |z| < 4 each (5 more checks, 3.2e-4).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  dimerisation,
  exosomeToy,
  linear,
  network,
  propensity,
  TOY_YAML,
  toSsaText,
  toYaml,
  toyYaml,
  type SsaModel,
} from '../../bench/ssa/gen-models.mjs';
import { compileModelText } from '../../src/pipeline.js';
import { buildParameters, simulate } from '../../src/simulate.js';
import { mulberry32 } from '../helpers/prng.js';

function compileText(text: string, file: string) {
  const r = compileModelText(text, { file });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors).toEqual([]);
  return r.compiled!;
}

function exosimText(m: SsaModel): { text: string; file: string } {
  return m.exosimFile ? { text: readFileSync(m.exosimFile, 'utf8'), file: m.exosimFile } : { text: toYaml(m), file: `${m.name}.yaml` };
}

/** Reads the ssa.c model format (header of bench/ssa/ssa.c): an independent reader of the text the C side gets. */
function parseSsaText(text: string) {
  const tok = text.split('\n').filter((l) => !l.startsWith('#')).join(' ').split(/\s+/).filter(Boolean);
  let p = 0;
  const next = () => tok[p++]!;
  const num = () => Number(next());
  expect([next(), next(), next()]).toEqual(['ssa-model', '1', 'species']);
  const species = Array.from({ length: num() }, () => ({ id: next(), x0: num() }));
  expect(next()).toBe('reactions');
  const reactions = Array.from({ length: num() }, () => {
    const id = next();
    const k = num();
    const reactants = Array.from({ length: num() }, () => [num(), num()] as [number, number]);
    const change = Array.from({ length: num() }, () => [num(), num()] as [number, number]);
    return { id, k, reactants, change };
  });
  expect(p).toBe(tok.length);
  return { species, reactions };
}

describe('bench/ssa model generator', () => {
  const net = network();

  it('the network is deterministic for a seed, with 250 species and 1,000 reactions of the specified kinds', () => {
    expect(toSsaText(network())).toBe(toSsaText(net));
    expect(toSsaText(network({ seed: 7 }))).not.toBe(toSsaText(net));
    expect(net.species).toHaveLength(250);
    expect(net.reactions).toHaveLength(1000);
    const kind = (r: (typeof net.reactions)[number]) => `${r.reactants.length}:${r.change.length}`;
    const counts = new Map<string, number>();
    for (const r of net.reactions) counts.set(kind(r), (counts.get(kind(r)) ?? 0) + 1);
    // conversions 1 reactant / 2 changes, bimolecular 2 / 3, productions 0 / 1, degradations 1 / 1
    expect(Object.fromEntries(counts)).toEqual({ '1:2': 400, '2:3': 300, '0:1': 150, '1:1': 150 });
    // x0: the deterministic steady state, copy numbers of order 10-1000 (no empty or runaway species)
    for (const s of net.species) {
      expect(Number.isInteger(s.x0)).toBe(true);
      expect(s.x0).toBeGreaterThanOrEqual(1);
      expect(s.x0).toBeLessThan(1e4);
    }
  });

  it('the committed toy YAML is the generator output', () => {
    expect(readFileSync(TOY_YAML, 'utf8')).toBe(toyYaml());
  });

  it('the dimerisation takes k1, k2 and P0 from the DSMTS 003-02 SBML file', () => {
    const d = dimerisation();
    expect(d.species).toEqual([{ id: 'P', x0: 1000 }, { id: 'P2', x0: 0 }]);
    expect(d.reactions.map((r) => r.k)).toEqual([0.0002, 0.004]);
  });

  const models: [string, () => SsaModel, number, number][] = [
    ['dimerisation (DSMTS SBML)', dimerisation, 2, 2],
    ['exosome toy (YAML)', exosomeToy, 3, 6],
    ['1,000-reaction network (YAML)', () => net, 250, 1000],
    ['linear check model (YAML)', linear, 4, 7],
  ];
  for (const [label, make, nSpecies, nReactions] of models) {
    it(`${label}: compiles; ExoSim's propensities and state changes equal the C description's`, () => {
      const m = make();
      const { text, file } = exosimText(m);
      const compiled = compileText(text, file);
      const { p } = buildParameters(compiled);
      const sys = compiled.reactionSystem!(p);
      expect(sys.n).toBe(nSpecies);
      expect(sys.nReactions).toBe(nReactions);
      expect([...sys.stateIds]).toEqual(m.species.map((s) => s.id));
      expect([...sys.countFactor]).toEqual(m.species.map(() => 1));
      expect([...sys.initialState(0)]).toEqual(m.species.map((s) => s.x0));
      // the C description encodes this model (read back as ssa.c reads it)
      expect(parseSsaText(toSsaText(m))).toEqual({ species: m.species, reactions: m.reactions.map(({ id, k, reactants, change }) => ({ id, k, reactants, change })) });
      const rng = mulberry32(12345);
      const x = new Float64Array(sys.n);
      const all = new Float64Array(sys.nReactions);
      for (let trial = 0; trial < 5; trial++) {
        for (let i = 0; i < sys.n; i++) x[i] = Math.floor(rng() * 2000);
        sys.propensities(0, x, all);
        m.reactions.forEach((r, k) => {
          const want = propensity(r, x);
          expect(Math.abs(sys.propensity(k, 0, x) - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want));
          expect(Math.abs(all[k]! - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want));
        });
      }
      m.reactions.forEach((r, k) => {
        const got: [number, number][] = [];
        for (let j = sys.changePtr[k]!; j < sys.changePtr[k + 1]!; j++) got.push([sys.changeIdx[j]!, sys.changeVal[j]!]);
        const sort = (a: [number, number][]) => [...a].sort((u, v) => u[0] - v[0]);
        expect(sort(got)).toEqual(sort(r.change));
      });
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
function haveCc(): boolean {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!haveCc())('bench/ssa C reference (ssa.c)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'exosim-ssa-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('linear network: ensemble means agree with the ODE solution, immigration-death variance is Poisson', () => {
    const bin = join(dir, 'ssa');
    execFileSync('cc', ['-O2', '-std=c11', '-o', bin, fileURLToPath(new URL('../../bench/ssa/ssa.c', import.meta.url)), '-lm']);
    const m = linear();
    const desc = join(dir, 'linear.ssa.txt');
    writeFileSync(desc, toSsaText(m));
    const N = 4000;
    const stats = JSON.parse(
      execFileSync(bin, ['stats', desc, '--t-end', String(m.tEnd), '--outputs', String(m.outputs), '--seed', '2024', '--replicates', String(N)], { encoding: 'utf8' }),
    ) as { replicates: number; times: number[]; species: string[]; mean: number[][]; sd: number[][]; firings: number };
    expect(stats.replicates).toBe(N);
    expect(stats.species).toEqual(['A', 'B', 'C', 'D']);
    expect(stats.times).toEqual([0, 2, 4, 6, 8, 10]);
    // at t = 0 every replicate is at x0
    expect(stats.mean[0]).toEqual(m.species.map((s) => s.x0));
    expect(stats.sd[0]).toEqual([0, 0, 0, 0]);

    // the ODE solution of the same model (ExoSim's stiff solver, tight tolerances)
    const compiled = compileText(toYaml(m), 'linear.yaml');
    const ode = simulate(compiled, { tEnd: m.tEnd, steps: m.outputs, solver: 'ode-bdf', rtol: 1e-10, atol: 1e-10 });
    const col = (id: string) => ode.values[ode.columns.findIndex((c) => c.id === id)]!;
    // the ODE itself against the analytic D(t) = 40 (1 - exp(-0.5 t)) (guards the comparison below)
    for (let i = 0; i <= m.outputs; i++) expect(col('D')[i]!).toBeCloseTo(40 * (1 - Math.exp(-0.5 * stats.times[i]!)), 6);

    const zs: number[] = [];
    for (let i = 1; i <= m.outputs; i++) {
      stats.species.forEach((id, j) => {
        const se = stats.sd[i]![j]! / Math.sqrt(N);
        const z = (stats.mean[i]![j]! - col(id)[i]!) / se;
        zs.push(z);
        expect(Math.abs(z), `${id} at t = ${stats.times[i]}: mean ${stats.mean[i]![j]} vs ODE ${col(id)[i]}`).toBeLessThan(4);
      });
      // D ~ Poisson(mu): sample variance vs mu
      const mu = col('D')[i]!;
      const s2 = stats.sd[i]![3]! ** 2;
      const se2 = Math.sqrt((mu * (1 + 3 * mu) - (mu * mu * (N - 3)) / (N - 1)) / N);
      expect(Math.abs((s2 - mu) / se2), `var D at t = ${stats.times[i]}: ${s2} vs ${mu}`).toBeLessThan(4);
    }
    expect(zs).toHaveLength(20);
  });
});

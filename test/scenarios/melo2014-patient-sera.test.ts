/**
 * Scenario melo2014-patient-sera: runs once (every check passes: the gap at literature defaults is found, closed and
 * verified); the seeded sampler reproduces its distributions (truncated-lognormal median, Chevillet mean); --set moves
 * the outcome in the expected direction; unknown --set ids throw.
 */
import { describe, expect, it } from 'vitest';
import { scenario, sampleCohort, VARIABILITY, N_PATIENTS, N_HEALTHY } from '../../src/scenarios/melo2014-patient-sera/index.js';
import { compileDoc } from '../../src/scenarios/support.js';
import { isExosimError } from '../../src/diagnostics.js';
import type { ScenarioResult } from '../../src/scenarios/types.js';

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, |error| < 1.5e-7). */
function phi(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t) * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
/** Inverse by bisection. */
function phiInv(p: number): number {
  let lo = -10, hi = 10;
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (lo + hi);
    if (phi(m) < p) lo = m;
    else hi = m;
  }
  return 0.5 * (lo + hi);
}

const gap = (r: ScenarioResult) => r.checks.find((c) => c.gap)!;

describe('scenario melo2014-patient-sera', () => {
  let base: ScenarioResult;

  it('model compiles from the mechanism modules; key parameters exist', () => {
    const compiled = compileDoc(scenario.model());
    const ids = new Set([...compiled.flat.parameters.map((p) => p.id), ...compiled.flat.species.map((p) => p.id)]);
    for (const k of scenario.keyParameters) expect(ids.has(k), k).toBe(true);
    for (const m of ['exosome-maturation', 'uptake', 'biogenesis']) expect(scenario.mechanisms).toContain(m);
  });

  it('runs (< 10 s); every check passes; the gap carries closing parameters; series finite', async () => {
    const t0 = Date.now();
    base = await scenario.run({ set: {}, seed: 0 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    for (const c of base.checks) {
      expect(c.pass, `${c.name}: ${JSON.stringify(c.observed)} ${c.detail ?? ''}`).toBe(true);
      for (const v of Array.isArray(c.observed) ? c.observed : [c.observed]) expect(Number.isFinite(v)).toBe(true);
    }
    const g = gap(base);
    // at literature defaults no patient reaches the threshold (Chevillet stoichiometry)
    expect((g.observed as number[])[0]).toBe(0);
    expect(g.gap!.closingParameters['cargo_scale']!).toBeGreaterThan(1);
    for (const s of Object.values(base.series)) {
      expect(s.x.length).toBe(s.y.length);
      for (const v of [...s.x, ...s.y]) expect(Number.isFinite(v)).toBe(true);
      expect(s.xLabel).toMatch(/\(.+\)/);
      expect(s.yLabel).toMatch(/\(.+\)/);
    }
    expect(base.series['delivered_closing/patients']!.x.length).toBe(N_PATIENTS);
    expect(base.series['delivered_closing/healthy']!.x.length).toBe(N_HEALTHY);
    // the same seed gives the same numbers; another seed gives another cohort
    const again = await scenario.run({ set: {}, seed: 0 });
    expect(again.checks.map((c) => c.observed)).toEqual(base.checks.map((c) => c.observed));
  }, 60_000);

  it('sampler: truncated-lognormal medians as derived, Chevillet mean 0.00825 copies/EV', () => {
    const folds: number[] = [];
    const m: number[] = [];
    for (let c = 0; c < 1500; c++) {
      for (const ind of sampleCohort(3, c)) {
        if (ind.patient) folds.push(ind.EV_fold);
        m.push(ind.m_EV);
      }
    }
    // median of a lognormal truncated to [lo, hi]: quantile at F(lo) + (F(hi) - F(lo)) / 2
    const s = VARIABILITY.EV_fold_patient;
    const F = (x: number): number => phi(Math.log(x / s.median) / s.sigma);
    const pMed = F(s.lo) + 0.5 * (F(s.hi) - F(s.lo));
    const expectedMedian = s.median * Math.exp(s.sigma * phiInv(pMed));
    folds.sort((a, b) => a - b);
    const sampleMedian = folds[folds.length >> 1]!;
    // SE of a sample median ≈ 1 / (2 f(median) sqrt(n)); generous 5 % band for n = 16 500
    expect(Math.abs(sampleMedian / expectedMedian - 1)).toBeLessThan(0.05);
    expect(Math.min(...folds)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...folds)).toBeLessThanOrEqual(10);
    // mean of m_EV: Chevillet 0.00825 (SD 0.02); SE = 0.02 / sqrt(n)
    const mean = m.reduce((a, b) => a + b, 0) / m.length;
    expect(Math.abs(mean - 0.00825)).toBeLessThan(5 * (0.02 / Math.sqrt(m.length)));
  });

  it('--set moves the outcome in the expected direction', async () => {
    const baseMedian = (gap(base).observed as number[])[3]!;
    const baseScale = gap(base).gap!.closingParameters['cargo_scale']!;
    // more endosomal escape: more miR-21 delivered, a smaller cargo scale closes the gap
    const esc = await scenario.run({ set: { 'up.f_escape': 0.05 }, seed: 0 });
    expect((gap(esc).observed as number[])[3]!).toBeGreaterThan(baseMedian);
    expect(gap(esc).gap!.closingParameters['cargo_scale']!).toBeLessThan(baseScale);
    // a stricter transformation criterion needs more cargo
    const strict = await scenario.run({ set: { repression_min: 1.5 }, seed: 0 });
    expect(gap(strict).gap!.closingParameters['cargo_scale']!).toBeGreaterThan(baseScale);
    expect(strict.record.set).toEqual({ repression_min: 1.5 });
  }, 60_000);

  it('an unknown --set id throws the simulator ExosimError', async () => {
    let err: unknown;
    try {
      await scenario.run({ set: { not_a_parameter: 2 }, seed: 0 });
    } catch (e) {
      err = e;
    }
    expect(isExosimError(err)).toBe(true);
  });

  it('plot: bars per individual, log scale, threshold rule, white background', () => {
    const spec = scenario.plot(base) as unknown as { layer: { mark: { type: string } }[]; background: string; config: { font: string } };
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['bar', 'rule']);
    expect(spec.background).toBe('white');
    expect(spec.config.font).toBe('DejaVu Sans');
  });
});

/**
 * Mechanism 6, paracrine: compiles in a host for every option; metadata complete; and the shells reproduce the
 * analytic steady state of radial diffusion with first-order loss around a sphere of radius R0 emitting S exosomes/h,
 *   c(r) = S e^{R0/lambda} e^{-r/lambda} / (4 pi D (1 + R0/lambda) r),   lambda = sqrt(D/k)   (Crank 1975),
 * the mass balance S = k_loss x total at steady state (closed boundary), conservation without loss, the mean 3-D
 * diffusion time x^2/6D of parameters.md §1.2, and the Stokes-Einstein coefficient of the parameters.md table.
 */
import { describe, expect, it } from 'vitest';
import { mechanism } from '../../src/mechanisms/paracrine/index.js';
import { compileDoc, runCondition, finalValue, valueAt } from '../../src/scenarios/support.js';
import type { ModelDoc } from '../../src/model/types.js';

function host(opts: Record<string, string>): ModelDoc {
  return { exosim: '1', id: 'para_host', units: { time: 'h', substance: 'molecule', volume: 'pL' }, modules: [mechanism.module(opts)], instances: [{ id: 'p', module: 'paracrine' }] };
}

// defaults, recomputed by hand from the parameter table
const D = (6.6 / 10) * 3600; // um^2/h
const kUpCell = 2e-3 * 4 * Math.PI * (6.6 / 10) * 10 * 3600; // um^3/h per cell
const kLoss = Math.log(2) / 5 + 0.1 + 5e8 * 1e-12 * kUpCell; // 1/h (5e8 per mL = 5e-4 per um^3)
const S = 3.3e4 * 60; // exosomes/h

describe('paracrine mechanism', () => {
  it('metadata: number 6, ports exist, every parameter sourced with value inside its range, for every option', () => {
    expect(mechanism.number).toBe(6);
    for (const shells of ['10', '20', '40']) for (const outer of ['open', 'closed']) for (const cargo of ['yes', 'no']) {
      const m = mechanism.module({ shells, outer, cargo });
      const ids = new Set([...(m.species ?? []).map((s) => s.id), ...(m.parameters ?? []).map((p) => p.id), ...(m.compartments ?? []).map((c) => c.id)]);
      for (const p of m.ports ?? []) expect(ids.has(p), p).toBe(true);
      const computed = new Set((m.initialAssignments ?? []).map((r) => r.symbol));
      for (const p of m.parameters ?? []) {
        if (computed.has(p.id)) { expect(p.value, p.id).toBeUndefined(); continue; }
        expect(p.unit, p.id).toBeTruthy();
        expect(p.value!, p.id).toBeGreaterThanOrEqual(p.range![0]);
        expect(p.value!, p.id).toBeLessThanOrEqual(p.range![1]);
        const src = p.source;
        expect(typeof src === 'object' && !!src.citation && ['S', 'S2', 'C', 'D', 'R'].includes(src.tag ?? ''), p.id).toBe(true);
        expect(p.confidence, p.id).toBeDefined();
      }
    }
    for (const p of mechanism.module().ports ?? []) expect(mechanism.ports.map((x) => x.id)).toContain(p);
    expect(() => compileDoc(host({}))).not.toThrow();
    expect(() => mechanism.module({ shells: '7' })).toThrow(/shells/);
  });

  it('describe() gives sentences naming the key parameters with values', () => {
    const t = mechanism.describe().join(' ');
    for (const frag of ['D_free = 6.6', 'hindrance = 10', 't_half_EV = 5', 'k_bind = 0.1', 'dr = 20', 'R0 = 250', 'k_sec = 60', 'copies_per_EV = 0.00825']) expect(t).toContain(frag);
  });

  it('Stokes-Einstein: D_free = kB T / (6 pi eta r) = 6.6 um^2/s for 100 nm at 37 C (parameters.md §1.2)', () => {
    const kB = 1.380649e-23, T = 310.15, eta = 0.692e-3, r = 50e-9;
    const Dse = (kB * T) / (6 * Math.PI * eta * r) * 1e12; // um^2/s
    const p = mechanism.module().parameters!.find((x) => x.id === 'D_free')!;
    expect(p.value! / Dse).toBeCloseTo(1, 1);
  });

  it('steady-state gradient equals the analytic exp(-r/lambda)/r profile around the tumour (40 shells)', () => {
    const cm = compileDoc(host({ shells: '40', cargo: 'no' }));
    const r = runCondition(cm, { tEnd: 100, steps: 4 }); // 100 h >> 1/k_loss and the diffusion time over 800 um
    const lambda = Math.sqrt(D / kLoss);
    expect(lambda).toBeGreaterThan(50);
    expect(lambda).toBeLessThan(80);
    const R0 = 250, dr = 20;
    const cExact = (x: number) => (S * Math.exp(R0 / lambda) * Math.exp(-x / lambda)) / (4 * Math.PI * D * (1 + R0 / lambda) * x); // per um^3
    for (const i of [1, 3, 6, 10, 15]) {
      const rmid = R0 + (i - 0.5) * dr;
      const sim = finalValue(r, `p.c_${i}`) / 1e12; // exosome/mL -> per um^3
      expect(sim / cExact(rmid), `shell ${i}`).toBeGreaterThan(0.95);
      expect(sim / cExact(rmid), `shell ${i}`).toBeLessThan(1.05);
    }
    // the gradient: successive shells fall by (r_i/r_{i+1}) e^{-dr/lambda}
    const ratio = finalValue(r, 'p.c_5') / finalValue(r, 'p.c_4');
    expect(ratio / (((R0 + 3.5 * dr) / (R0 + 4.5 * dr)) * Math.exp(-dr / lambda))).toBeCloseTo(1, 2);
  });

  it('closed boundary: at steady state the loss balances the source, S = k_loss x total exosomes', () => {
    const cm = compileDoc(host({ shells: '10', outer: 'closed' }));
    const r = runCondition(cm, { tEnd: 200, steps: 4, rtol: 1e-9, atol: 1e-6 });
    expect(finalValue(r, 'p.EV_total') / (S / kLoss)).toBeCloseTo(1, 5);
    // cargo moves with its exosomes: copies / exosomes = copies_per_EV in every shell
    expect(finalValue(r, 'p.EVmiR_7') / finalValue(r, 'p.EV_7')).toBeCloseTo(0.00825, 8);
  });

  it('without loss, exosomes are conserved (total = S t) and spread as x^2/6D: 100 um in ~4 min at D = 6.6 um^2/s', () => {
    const set = { 'p.t_half_EV': 1e9, 'p.k_bind': 0, 'p.rho_cells': 0, 'p.hindrance': 1, 'p.R0': 50, 'p.dr': 10 };
    const cm = compileDoc(host({ shells: '40', outer: 'closed', cargo: 'no' }));
    const r = runCondition(cm, { tEnd: 1, steps: 60, overrides: set, rtol: 1e-9, atol: 1e-6 });
    expect(finalValue(r, 'p.EV_total') / S).toBeCloseTo(1, 6);
    // mean time to diffuse x in 3-D is x^2 / 6D (parameters.md §1.2): for x = 100 um, 253 s = 4.2 min. A continuous
    // source at R0 lights up shell i (centre R0 + 95 um) on that time scale: the concentration there is negligible
    // at a tenth of it and substantial (a good part of its 1-h value) after about ten times it.
    const tDiff = (100 ** 2 / (6 * 6.6)) / 3600; // h
    expect(tDiff * 60).toBeCloseTo(4.2, 1);
    const late = finalValue(r, 'p.c_10');
    expect(valueAt(r, 'p.c_10', tDiff / 10) / late).toBeLessThan(0.05);
    expect(valueAt(r, 'p.c_10', 10 * tDiff) / late).toBeGreaterThan(0.3);
  });
});

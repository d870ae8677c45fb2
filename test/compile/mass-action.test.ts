/**
 * Mass-action recognition (src/compile/mass-action.ts): the table propensities must be the same functions as
 * the compiled kernels (compared on random states, relative 1e-13: only the order of the operations differs),
 * and laws that are not c * prod (x - o) with constant c must be left to the kernels.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModelText } from '../../src/pipeline.js';
import { buildParameters } from '../../src/simulate.js';
import type { ReactionSystem } from '../../src/solvers/stochastic/types.js';

const DSMTS = join(import.meta.dirname, '..', 'dsmts', 'cases');

function systems(text: string, file: string): { tables: ReactionSystem; kernels: ReactionSystem } {
  const res = compileModelText(text, { file });
  const c = res.compiled;
  if (!c?.reactionSystem) throw new Error(res.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  const { p } = buildParameters(c);
  return { tables: c.reactionSystem(p), kernels: c.reactionSystem(Float64Array.from(p), { massAction: false }) };
}

/** Deterministic pseudo-random integers (a small LCG; the test only needs varied states). */
function states(n: number, count: number): Float64Array[] {
  let s = 12345;
  const out: Float64Array[] = [];
  for (let k = 0; k < count; k++) {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      x[i] = k === 0 ? i % 3 : s % 2000; // the first state holds 0, 1, 2: the shifted factors' zeros
    }
    out.push(x);
  }
  return out;
}

function compare(sys: { tables: ReactionSystem; kernels: ReactionSystem }): void {
  const { tables, kernels } = sys;
  const m = tables.nReactions;
  const a1 = new Float64Array(m);
  const a2 = new Float64Array(m);
  for (const x of states(tables.n, 50)) {
    tables.propensities(0, x, a1);
    kernels.propensities(0, x, a2);
    for (let k = 0; k < m; k++) {
      const want = a2[k]!;
      expect(Math.abs(a1[k]! - want)).toBeLessThanOrEqual(1e-13 * Math.abs(want));
      expect(tables.propensity(k, 0, x)).toBe(a1[k]!);
    }
  }
}

const yaml = (rate: string, kUnit = '1/s', events = ''): string => `exosim: '1'
id: m
units: { time: s, substance: molecule, volume: L }
compartments:
  - { id: c, size: 2, unit: L }
species:
  - { id: A, compartment: c, initialAmount: 10, unit: molecule, hasOnlySubstanceUnits: true }
  - { id: B, compartment: c, initialAmount: 5, unit: molecule, hasOnlySubstanceUnits: true }
  - { id: C, compartment: c, initialAmount: 5, unit: molecule }
parameters:
  - { id: k, value: 0.3, unit: ${kUnit} }
  - { id: K, value: 4, unit: molecule }
reactions:
  - { id: r1, equation: 'A -> B', rate: '${rate}' }
${events}`;

describe('mass-action tables', () => {
  it('every DSMTS model: recognised, and equal to the kernels on random states', () => {
    const dirs = readdirSync(DSMTS).filter((d) => /^\d{5}$/.test(d));
    let recognised = 0;
    for (const d of dirs) {
      const file = join(DSMTS, d, `${d}-sbml-l3v2.xml`);
      const sys = systems(readFileSync(file, 'utf8'), file);
      if (!sys.tables.massAction) continue;
      recognised++;
      compare(sys);
    }
    // all DSMTS laws are mass action; those whose rate constants events change are not tabulated
    expect(recognised).toBeGreaterThanOrEqual(15);
  });

  it('recognises k*A, k*A*(A-1)/2, constants and concentration forms; the tables hold c and the offsets', () => {
    const s = systems(yaml('k * A * (A - 1) / 2', '1/(molecule*s)'), 'm.yaml');
    const t = s.tables.massAction!;
    expect(t).toBeDefined();
    expect(t.rate[0]).toBe(0.3 / 2);
    expect(Array.from(t.factorIdx)).toEqual([0, 0]);
    expect(Array.from(t.factorOff)).toEqual([0, 1]);
    compare(s);
    const cases: [string, string][] = [
      ['k * K', '1/s'],
      ['k * A * B', '1/(molecule*s)'],
      ['3 * k * A', '1/s'],
      ['-(-k) * A', '1/s'],
      ['k * (A + 1)', '1/s'],
      ['k * A * (A - 1) * (A - 2) / 6', '1/(molecule^2*s)'],
      ['k * C * c', '1/s'], // C in concentration (amount / c), times the constant volume
    ];
    for (const [rate, unit] of cases) {
      const sys = systems(yaml(rate, unit), 'm.yaml');
      expect(sys.tables.massAction, rate).toBeDefined();
      compare(sys);
    }
  });

  it('leaves other laws to the kernels: saturating, time, states in a divisor, event-changed constants', () => {
    const cases: [string, string][] = [
      ['k * A / (K + A) * K', '1/s'],
      ['k * A * time', '1/s^2'],
      ['k / A * K * K', '1/s'],
      ['k * A^2', '1/(molecule*s)'],
      ['piecewise(k * A, A > 3, 0)', '1/s'],
      ['k * C * (C - 1) * c * c', '1/(molecule*s)'], // C - 1 is not a count shift when C is a concentration
    ];
    for (const [rate, unit] of cases) expect(systems(yaml(rate, unit), 'm.yaml').tables.massAction, rate).toBeUndefined();
    const ev = "events:\n  - { id: e1, trigger: 'time > 5', assignments: [{ variable: k, formula: '0.1' }] }\n";
    expect(systems(yaml('k * A', '1/s', ev), 'm.yaml').tables.massAction).toBeUndefined();
    expect(systems(yaml('k * A', '1/s', ''), 'm.yaml').tables.massAction).toBeDefined();
  });
});

/**
 * Simultaneous events of equal priority are executed in random order (SBML L3V2 section 4.12.6), drawn from the
 * run's seed: reproducible for a seed, uniform over seeds (binomial test).
 */
import { describe, expect, it } from 'vitest';
import { importSbml } from '../../src/sbml/index.js';
import { compileModel } from '../../src/compile/compile.js';
import { simulate } from '../../src/simulate.js';

const MML = 'http://www.w3.org/1998/Math/MathML';
const m = (inner: string) => `<math xmlns="${MML}">${inner}</math>`;
const time = '<csymbol encoding="text" definitionURL="http://www.sbml.org/sbml/symbols/time">t</csymbol>';
// Two events fire together at t = 1 with equal priority; the one executed last decides x (1 or 2). With
// `priorities` false they have no priority (declaration order, deterministic).
const model = (priorities: boolean) => `<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2"><model id="ties">
  <listOfParameters><parameter id="x" value="0" constant="false"/><parameter id="z" value="0" constant="false"/></listOfParameters>
  <listOfRules><rateRule variable="z">${m('<cn>1</cn>')}</rateRule></listOfRules>
  <listOfEvents>${[1, 2]
    .map(
      (v) => `<event id="E${v}" useValuesFromTriggerTime="true"><trigger initialValue="false" persistent="true">${m(`<apply><geq/>${time}<cn>1</cn></apply>`)}</trigger>
      ${priorities ? `<priority>${m('<cn>5</cn>')}</priority>` : ''}
      <listOfEventAssignments><eventAssignment variable="x">${m(`<cn>${v}</cn>`)}</eventAssignment></listOfEventAssignments></event>`,
    )
    .join('')}</listOfEvents>
</model></sbml>`;

function finalX(compiled: ReturnType<typeof compileModel>, seed: number): number {
  const res = simulate(compiled, { tEnd: 2, steps: 2, seed });
  const k = res.columns.findIndex((c) => c.id === 'x');
  return res.values[k]![2]!;
}

describe('random order of simultaneous events with equal priority', () => {
  const compiled = compileModel(importSbml(model(true)).flat!);
  it('is reproducible for a seed and recorded in the run record', () => {
    for (const seed of [0, 1, 7, 123456789]) expect(finalX(compiled, seed)).toBe(finalX(compiled, seed));
    expect(simulate(compiled, { tEnd: 2, steps: 2, seed: 42 }).record.seed).toBe(42);
  });
  it('is uniform over seeds: the count of x = 1 in 400 seeds is within 4 binomial SDs of 200', () => {
    let ones = 0;
    const n = 400;
    for (let seed = 0; seed < n; seed++) {
      const x = finalX(compiled, seed);
      expect([1, 2]).toContain(x);
      if (x === 1) ones++;
    }
    const sd = Math.sqrt(n * 0.25); // 10
    expect(Math.abs(ones - n / 2)).toBeLessThan(4 * sd);
  });
  it('events without priorities keep declaration order, whatever the seed', () => {
    const det = compileModel(importSbml(model(false)).flat!);
    const xs = new Set([0, 1, 2, 3, 4, 5].map((s) => finalX(det, s)));
    expect(xs.size).toBe(1);
    expect(simulate(det, { tEnd: 2, steps: 2, seed: 3 }).record.seed).toBeNull();
  });
});

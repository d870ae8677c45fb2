/**
 * bench/sbml/gen-sbml.mjs: the generated benchmark model (1,000 species, 2,000 reactions) is deterministic,
 * imports without diagnostics and compiles, with the counts the generator's specification gives
 * (1,000 + 400 + 100 + 500 reactions; 500 Michaelis-Menten laws with two local parameters, the other 1,500 with
 * one; 16 global parameters; one rate rule adds one ODE state).
 */
import { describe, expect, it } from 'vitest';
import { generateSbml } from '../../bench/sbml/gen-sbml.mjs';
import { importSbml } from '../../src/sbml/import.js';
import { compileModel } from '../../src/compile/compile.js';

describe('bench/sbml generator', () => {
  const g = generateSbml();

  it('is deterministic for a seed and changes with the seed', () => {
    expect(generateSbml().text).toBe(g.text);
    expect(generateSbml({ seed: 7 }).text).not.toBe(g.text);
  });

  it('writes the element counts of its specification', () => {
    // counted in the text, independently of the importer
    const count = (re: RegExp) => (g.text.match(re) ?? []).length;
    expect(count(/<species /g)).toBe(1000);
    expect(count(/<reaction /g)).toBe(2000);
    expect(count(/<compartment /g)).toBe(3);
    expect(count(/<localParameter /g)).toBe(1000 / 2 * 2 + 1000 / 2 + 400 + 100 + 500);
    expect(count(/<assignmentRule /g)).toBe(11);
    expect(count(/<rateRule /g)).toBe(1);
    expect(g.counts).toEqual({ species: 1000, reactions: 2000, compartments: 3, localParameters: 2500, assignmentRules: 11, rateRules: 1, initialAssignments: 1 });
  });

  it('imports and compiles with 1,000 species and 2,000 reactions', () => {
    const r = importSbml(g.text, { file: 'generated.xml' });
    expect(r.diagnostics).toEqual([]);
    const flat = r.flat!;
    expect(flat.species).toHaveLength(1000);
    expect(flat.reactions).toHaveLength(2000);
    expect(flat.compartments).toHaveLength(3);
    expect(flat.parameters).toHaveLength(2500 + 16); // local parameters become flat parameters `<reaction>.<id>`
    const compiled = compileModel(flat, { jacobian: true });
    expect(compiled.stateIds).toHaveLength(1001); // 1,000 species + the rate-ruled parameter `signal`
    expect(compiled.stateIds).toContain('signal');
  });
});

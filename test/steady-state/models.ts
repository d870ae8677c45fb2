/** Small models with analytic steady states, shared by the library and CLI tests of steady-state. */
import { compileModelText } from '../../src/pipeline.js';
import type { CompiledModel } from '../../src/compile/types.js';

export function compile(text: string): CompiledModel {
  const r = compileModelText(text, { file: 'test.yaml' });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !r.compiled) throw new Error(errors.map((d) => `${d.code}: ${d.message}`).join('\n'));
  return r.compiled;
}

/** Production k0 and Michaelis-Menten degradation: dS/dt = k0 - Vmax S / (Km + S); S* = Km k0 / (Vmax - k0). */
export const MM = `exosim: '1'
id: mm_ss
units: { time: min, substance: nmol, volume: L }
compartments:
  - { id: cell, size: 1, unit: L }
species:
  - { id: S, compartment: cell, initialConcentration: 0, unit: nM }
parameters:
  - { id: k0, value: 0.6, unit: nM/min }
  - { id: Vmax, value: 1.5, unit: nM/min }
  - { id: Km, value: 3, unit: nM }
reactions:
  - { id: prod, equation: '-> S', rate: k0 * cell }
  - { id: deg, equation: 'S ->', rate: Vmax * S / (Km + S) * cell }
`;

/**
 * Two compartments, concentration units and unit conversions. Model units h, nmol, L; the cell is 2 pL and
 * the medium 0.5 mL. X (cell, nM) is made at k_prod (nM/min) and exported to the medium at k_ex (1/h); Y
 * (medium, pM) is degraded at k_deg (1/day).
 *   X* = k_prod / k_ex                                       (k_prod converted to nM/h: x 60)
 *   Y* = k_ex X* V_cell / (k_deg V_medium) = k_prod V_cell / (k_deg V_medium)
 */
export const TWO_COMPARTMENTS = `exosim: '1'
id: two_compartments
units: { time: h, substance: nmol, volume: L }
compartments:
  - { id: cell, size: 2, unit: pL }
  - { id: medium, size: 0.5, unit: mL }
species:
  - { id: X, compartment: cell, initialConcentration: 0, unit: nM }
  - { id: Y, compartment: medium, initialConcentration: 0, unit: pM }
parameters:
  - { id: k_prod, value: 3, unit: nM/min }
  - { id: k_ex, value: 0.2, unit: 1/h }
  - { id: k_deg, value: 1.5, unit: 1/day }
reactions:
  - { id: prod, equation: '-> X', rate: k_prod * cell }
  - { id: export, equation: 'X -> Y', rate: k_ex * X * cell }
  - { id: deg, equation: 'Y ->', rate: k_deg * Y * medium }
`;

/** Reversible A <-> B with A + B = T conserved (singular Jacobian): A* = kr T / (kf + kr), B* = kf T / (kf + kr). */
export const REVERSIBLE = `exosim: '1'
id: reversible
units: { time: s, substance: nmol, volume: L }
compartments:
  - { id: cell, size: 1, unit: L }
species:
  - { id: A, compartment: cell, initialConcentration: 3, unit: nM }
  - { id: B, compartment: cell, initialConcentration: 0, unit: nM }
parameters:
  - { id: kf, value: 2, unit: 1/s }
  - { id: kr, value: 0.5, unit: 1/s }
reactions:
  - { id: r, equation: 'A <-> B', rate: (kf * A - kr * B) * cell }
`;

export const WITH_EVENT = `exosim: '1'
id: with_event
units: { time: h, substance: nmol, volume: L }
compartments:
  - { id: cell, size: 1, unit: L }
species:
  - { id: A, compartment: cell, initialConcentration: 1, unit: nM }
parameters:
  - { id: k, value: 0.1, unit: 1/h }
reactions:
  - { id: deg, equation: 'A ->', rate: k * A * cell }
events:
  - id: dose
    trigger: time >= 10
    assignments:
      - { variable: A, formula: A + 1 }
`;

export const WITH_TIME = `exosim: '1'
id: with_time
units: { time: h, substance: nmol, volume: L }
compartments:
  - { id: cell, size: 1, unit: L }
species:
  - { id: A, compartment: cell, initialConcentration: 1, unit: nM }
parameters:
  - { id: k, value: 0.1, unit: 1/h }
  - { id: t_scale, value: 1, unit: h }
reactions:
  - { id: deg, equation: 'A ->', rate: k * (1 + sin(time / t_scale)) * A * cell }
`;

export const WITH_TIME_RULE = `exosim: '1'
id: with_time_rule
units: { time: h, substance: nmol, volume: L }
compartments:
  - { id: cell, size: 1, unit: L }
species:
  - { id: A, compartment: cell, initialConcentration: 1, unit: nM }
parameters:
  - { id: k0, value: 0.1, unit: 1/h }
  - { id: t_scale, value: 10, unit: h }
  - { id: k, unit: 1/h, constant: false }
rules:
  - { type: assignment, variable: k, formula: k0 * time / t_scale }
reactions:
  - { id: deg, equation: 'A ->', rate: k * A * cell }
`;

/** Constant production, no degradation: grows without bound. */
export const GROWTH = `exosim: '1'
id: growth
units: { time: s, substance: nmol, volume: L }
compartments:
  - { id: cell, size: 1, unit: L }
species:
  - { id: A, compartment: cell, initialConcentration: 0, unit: nM }
parameters:
  - { id: k0, value: 1, unit: nM/s }
reactions:
  - { id: prod, equation: '-> A', rate: k0 * cell }
`;

import { describe, expect, it } from 'vitest';
import {
  AVOGADRO, conversionFactor, DIMENSIONLESS, dimsEqual, divideUnits, formatDims, multiplyUnits, parseUnit, powUnit, unit,
} from '../../src/model/units.js';

const u = (t: string) => unit(t);

describe('parseUnit', () => {
  it('parses time units and converts 1 h = 3600 s, 1 day = 86400 s', () => {
    expect(conversionFactor(u('h'), u('s'))).toBe(3600);
    expect(conversionFactor(u('day'), u('min'))).toBe(1440);
    expect(conversionFactor(u('ms'), u('s'))).toBeCloseTo(1e-3, 15);
  });
  it('1 nM in 1 fL is 0.602 molecules (1e-9 mol/L * 1e-15 L * 6.02214076e23 /mol)', () => {
    const amountMol = 1 * conversionFactor(u('nM'), u('M')) * conversionFactor(u('fL'), u('L'));
    const molecules = amountMol * conversionFactor(u('mol'), u('molecule'));
    expect(molecules).toBeCloseTo(0.602214076, 9);
    // Same through compound units: nM * fL -> molecule.
    expect(conversionFactor(multiplyUnits(u('nM'), u('fL')), u('molecule'))).toBeCloseTo(0.602214076, 9);
  });
  it('M^-1 s^-1, 1/(M*s) and L/mol/s have the same dimensions', () => {
    const a = u('M^-1*s^-1');
    expect(a.dims).toEqual([-1, 3, -1, 0, 0, 0]);
    expect(dimsEqual(u('1/(M*s)').dims, a.dims)).toBe(true);
    expect(dimsEqual(u('L/mol/s').dims, a.dims)).toBe(true);
    expect(dimsEqual(u('M^-1 s^-1').dims, a.dims)).toBe(true);
    expect(conversionFactor(a, u('L/mol/s'))).toBeCloseTo(1, 12);
    expect(formatDims(a.dims)).toBe('volume/(time*substance)');
  });
  it('parses prefixes, micro signs and counts', () => {
    expect(u('µM').scale).toBeCloseTo(u('uM').scale, 20);
    expect(u('μmol').scale).toBeCloseTo(1e-6, 20);
    expect(conversionFactor(u('um^3'), u('fL'))).toBeCloseTo(1, 12); // 1 µm^3 = 1e-18 m^3 = 1 fL
    expect(conversionFactor(u('mol L^-1'), u('M'))).toBeCloseTo(1, 12);
    expect(u('molecule').scale).toBe(1 / AVOGADRO);
    expect(u('copies/exosome').dims).toEqual([0, 0, 1, 0, 0, -1]);
    expect(u('molecule/cell').dims).toEqual([0, 0, 1, 0, -1, 0]);
    expect(u('EV').dims).toEqual([0, 0, 0, 0, 0, 1]);
    expect(u('nM/h').dims).toEqual([-1, -3, 1, 0, 0, 0]);
    expect(formatDims(u('nM/h').dims)).toBe('substance/(time*volume)');
    expect(formatDims(u('mol/s').dims)).toBe('substance/time');
    expect(u('dimensionless').dims).toEqual(DIMENSIONLESS.dims);
    expect(u('1').dims).toEqual(DIMENSIONLESS.dims);
    expect(conversionFactor(u('mg'), u('ug'))).toBeCloseTo(1000, 9);
  });
  it('powers and products compose', () => {
    expect(powUnit(u('um'), 3).dims).toEqual([0, 3, 0, 0, 0, 0]);
    expect(divideUnits(u('nmol'), u('L')).dims).toEqual(u('nM').dims);
  });
  it('rejects unknown units with closest names, and malformed ones', () => {
    const r = parseUnit('nanoM');
    expect(r.ok).toBe(false);
    const bad = parseUnit('mmoll');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.hint).toMatch(/mmol/);
    expect(parseUnit('/s').ok).toBe(false);
    expect(parseUnit('2/s').ok).toBe(false);
    expect(parseUnit('(M*s').ok).toBe(false);
    expect(parseUnit('').ok).toBe(false);
  });
  it('conversionFactor throws when dimensions differ', () => {
    expect(() => conversionFactor(u('nM'), u('nmol'))).toThrow(/cannot convert/);
  });
});

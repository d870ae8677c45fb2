import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/expr/index.js';
import type { FlatModel, FlatParameter, FlatReaction } from '../../src/model/types.js';
import { CODEGEN_MODES, comp, compilerFor, lcg, model, par, rule, rx, sp } from './helpers.js';

/**
 * A nontrivial model: Michaelis-Menten, Hill, bimolecular in a compartment of size 0.7, a reversible step,
 * an assignment rule used inside a rate, a species with hasOnlySubstanceUnits, a boundary species,
 * a parameter with a rate rule and a species with a rate rule.
 */
function richModel(): FlatModel {
  return model({
    compartments: [comp('cell', 0.7), comp('ext', 2)],
    species: [
      sp('S', 'cell', 1),
      sp('P', 'cell', 0.1),
      sp('E', 'cell', 0.3),
      sp('A', 'cell', 0.5),
      sp('B', 'ext', 0.8),
      sp('C', 'ext', 0.05, { initialKind: 'amount', hasOnlySubstanceUnits: true }),
      sp('Src', 'ext', 2, { boundaryCondition: true }),
      sp('R', 'cell', 0.2),
    ],
    parameters: [
      par('kcat', 3),
      par('Km', 0.4),
      par('Vh', 1.5),
      par('Kh', 0.6),
      par('nh', 2.5),
      par('kb', 4),
      par('kf', 1.2),
      par('kr', 0.3),
      par('ks', 0.05),
      par('Etot', NaN, { constant: false }),
      par('g', 0.9, { constant: false }),
    ],
    assignmentRules: [rule('Etot', 'E + 0.5 * A')],
    rateRules: [rule('g', '-0.1 * g * S'), rule('R', 'g * A - R')],
    reactions: [
      rx('mm', ['S'], ['P'], 'cell * kcat * Etot * S / (Km + S)'),
      rx('hill', ['P'], ['A'], 'cell * Vh * P^nh / (Kh^nh + P^nh)'),
      rx('bi', ['A', 'B'], ['C'], 'kb * A * B * cell'),
      rx('rev', ['C'], ['2 E'], 'kf * C - kr * E^2'),
      rx('src', [], ['S'], 'ks * Src * ext'),
    ],
  });
}

/** Reference rates with the expression interpreter, written directly from SBML semantics. */
function referenceRates(m: FlatModel, stateIds: string[], y: Float64Array, t: number): Float64Array {
  const comps = new Map(m.compartments.map((c) => [c.id, c.size]));
  const params = new Map(m.parameters.map((p) => [p.id, p.value]));
  const rules = new Map(m.assignmentRules.map((r) => [r.variable, r.expr]));
  const idx = new Map(stateIds.map((s, i) => [s, i]));
  const env = (name: string): number => {
    if (name === 'time') return t;
    const r = rules.get(name);
    if (r) return evaluate(r, env);
    const s = m.species.find((x) => x.id === name);
    if (s) {
      const amount = y[idx.get(name)!]!;
      return s.hasOnlySubstanceUnits ? amount : amount / comps.get(s.compartment)!;
    }
    if (idx.has(name)) return y[idx.get(name)!]!;
    if (comps.has(name)) return comps.get(name)!;
    return params.get(name)!;
  };
  const f = new Float64Array(stateIds.length);
  for (const r of m.reactions) {
    const v = evaluate(r.rate, env);
    for (const ref of r.reactants) {
      const s = m.species.find((x) => x.id === ref.species)!;
      if (!s.boundaryCondition && !s.constant) f[idx.get(ref.species)!]! -= ref.stoichiometry * v;
    }
    for (const ref of r.products) {
      const s = m.species.find((x) => x.id === ref.species)!;
      if (!s.boundaryCondition && !s.constant) f[idx.get(ref.species)!]! += ref.stoichiometry * v;
    }
  }
  for (const rr of m.rateRules) {
    const v = evaluate(rr.expr, env);
    const s = m.species.find((x) => x.id === rr.variable);
    f[idx.get(rr.variable)!] = s && !s.hasOnlySubstanceUnits ? v * comps.get(s.compartment)! : v;
  }
  return f;
}

function randomState(n: number, rnd: () => number): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = 0.1 + 2 * rnd();
  return y;
}

describe.each(CODEGEN_MODES)('kernels (codegen: %s)', (mode) => {
  const compileModel = compilerFor(mode);

  describe('generated kernels vs references', () => {
    it('rates equal the expression interpreter on random states', () => {
      const m = richModel();
      const c = compileModel(m);
      const sys = c.odeSystem(Float64Array.from(c.defaultParameters));
      const rnd = lcg(7);
      const f = new Float64Array(sys.n);
      for (let trial = 0; trial < 20; trial++) {
        const y = randomState(sys.n, rnd);
        const t = 10 * rnd();
        sys.rates(t, y, f);
        const ref = referenceRates(m, c.stateIds, y, t);
        for (let i = 0; i < sys.n; i++) expect(f[i]).toBeCloseTo(ref[i]!, 12);
      }
    });

    it('analytic Jacobian matches central finite differences on random states', () => {
      const c = compileModel(richModel());
      const sys = c.odeSystem(Float64Array.from(c.defaultParameters));
      const n = sys.n;
      const J = new Float64Array(n * n);
      const fp = new Float64Array(n);
      const fm = new Float64Array(n);
      const rnd = lcg(99);
      for (let trial = 0; trial < 10; trial++) {
        const y = randomState(n, rnd);
        sys.jacobian!(0, y, J);
        for (let j = 0; j < n; j++) {
          // central difference, h ~ eps^(1/3) |y_j|: truncation O(h^2), rounding O(eps/h)
          const h = 1e-5 * Math.max(1, Math.abs(y[j]!));
          const yp = Float64Array.from(y);
          const ym = Float64Array.from(y);
          yp[j]! += h;
          ym[j]! -= h;
          sys.rates(0, yp, fp);
          sys.rates(0, ym, fm);
          for (let i = 0; i < n; i++) {
            const fd = (fp[i]! - fm[i]!) / (2 * h);
            expect(Math.abs(J[i * n + j]! - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
          }
        }
      }
    });

    it('sparsity pattern is exactly the nonzero structure, and sparse values equal the dense Jacobian', () => {
      const c = compileModel(richModel());
      const sys = c.odeSystem(Float64Array.from(c.defaultParameters));
      const n = sys.n;
      const pat = sys.sparsity!;
      const J = new Float64Array(n * n);
      const v = new Float64Array(pat.colIdx.length);
      const rnd = lcg(3);
      // structural nonzeros via finite differences on several random states (union)
      const nz = new Uint8Array(n * n);
      const fp = new Float64Array(n);
      const fm = new Float64Array(n);
      for (let trial = 0; trial < 5; trial++) {
        const y = randomState(n, rnd);
        for (let j = 0; j < n; j++) {
          const yp = Float64Array.from(y);
          const ym = Float64Array.from(y);
          yp[j]! += 1e-4;
          ym[j]! -= 1e-4;
          sys.rates(0, yp, fp);
          sys.rates(0, ym, fm);
          for (let i = 0; i < n; i++) if (Math.abs(fp[i]! - fm[i]!) > 1e-12) nz[i * n + j] = 1;
        }
        sys.jacobian!(0, y, J);
        sys.jacobianSparse!(0, y, v);
        for (let i = 0; i < n; i++) {
          for (let k = pat.rowPtr[i]!; k < pat.rowPtr[i + 1]!; k++) expect(v[k]).toBe(J[i * n + pat.colIdx[k]!]);
        }
      }
      const inPattern = new Uint8Array(n * n);
      for (let i = 0; i < n; i++) {
        let last = -1;
        for (let k = pat.rowPtr[i]!; k < pat.rowPtr[i + 1]!; k++) {
          const j = pat.colIdx[k]!;
          expect(j).toBeGreaterThan(last); // sorted, unique
          last = j;
          inPattern[i * n + j] = 1;
        }
      }
      expect(Array.from(inPattern)).toEqual(Array.from(nz));
    });

    it('a 1,000-species / 2,000-reaction mass-action network compiles and its rates are right', () => {
      // Reaction r (0 <= r < 2000): X_a + X_b -> X_c with rate k_r [X_a][X_b] V (V = 1.5).
      const N = 1000, R = 2000, V = 1.5;
      const rnd = lcg(2024);
      const species = Array.from({ length: N }, (_, i) => sp(`X${i}`, 'V', 0.5 + rnd()));
      const parameters: FlatParameter[] = [];
      const reactions: FlatReaction[] = [];
      const triples: [number, number, number][] = [];
      for (let r = 0; r < R; r++) {
        const a = Math.floor(rnd() * N), b = Math.floor(rnd() * N), c = Math.floor(rnd() * N);
        triples.push([a, b, c]);
        parameters.push(par(`k${r}`, 0.1 + rnd()));
        reactions.push(rx(`r${r}`, [`X${a}`, `X${b}`], [`X${c}`], `k${r} * X${a} * X${b} * V`));
      }
      const m = model({ compartments: [comp('V', V)], species, parameters, reactions });
      const c = compileModel(m);
      const sys = c.odeSystem(Float64Array.from(c.defaultParameters));
      const y = c.initialState(Float64Array.from(c.defaultParameters), 0);
      const f = new Float64Array(N);
      sys.rates(0, y, f);
      // hand-computed reference: accumulate each reaction's flux in amount/s
      const ref = new Float64Array(N);
      triples.forEach(([a, b, cc], r) => {
        const v = parameters[r]!.value * (y[a]! / V) * (y[b]! / V) * V;
        ref[a]! -= v;
        ref[b]! -= v;
        ref[cc]! += v;
      });
      for (const i of [0, 1, 17, 500, 999]) expect(f[i]).toBeCloseTo(ref[i]!, 10);
      let worst = 0;
      for (let i = 0; i < N; i++) worst = Math.max(worst, Math.abs(f[i]! - ref[i]!));
      expect(worst).toBeLessThan(1e-10);
      // Jacobian column structure: each reaction touches at most 3 rows x 2 columns
      expect(sys.sparsity!.colIdx.length).toBeLessThanOrEqual(6 * R);
    });

    it('jacobian: false omits the analytic Jacobian', () => {
      const c = compileModel(richModel(), { jacobian: false });
      const sys = c.odeSystem(Float64Array.from(c.defaultParameters));
      expect(sys.jacobian).toBeUndefined();
      expect(sys.sparsity).toBeUndefined();
    });
  });
});

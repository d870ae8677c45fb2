/**
 * Every example model runs (DESIGN.md: every example runs in CI), and the flagship example's medium
 * exosome count follows its analytic solution, with the medium change at 48 h.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileModelText } from '../../src/pipeline.js';
import { simulate } from '../../src/simulate.js';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');

function listYaml(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listYaml(join(dir, e.name)) : /\.(ya?ml|json)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** End times: the stiff test-set problems' own, 72 h for the flagship, 24 model time units otherwise. */
const END: Record<string, number> = { robertson: 1e11, hires: 321.8122, oregonator: 360, 'exosome-transfer': 72 };

function compileFile(file: string) {
  const r = compileModelText(readFileSync(file, 'utf8'), { file });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.compiled!;
}

describe('examples', () => {
  const files = listYaml(EXAMPLES);
  it('there are examples', () => expect(files.length).toBeGreaterThanOrEqual(8));
  for (const file of files) {
    const name = file.slice(EXAMPLES.length + 1);
    it(`${name} compiles and simulates to finite values`, () => {
      const c = compileFile(file);
      const base = name.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/, '');
      const res = simulate(c, { tEnd: END[base] ?? 24, steps: 20 });
      expect(res.record.status).toBe('done');
      for (const col of res.values) for (const v of col) expect(Number.isFinite(v)).toBe(true);
    });
  }
});

describe('flagship example', () => {
  const c = compileFile(join(EXAMPLES, 'flagship', 'exosome-transfer.yaml'));
  const res = simulate(c, { tEnd: 72, steps: 144, rtol: 1e-10, atol: 1e-12 });
  const col = (id: string) => res.values[res.columns.findIndex((k) => k.id === id)]!;
  const p = (id: string) => c.flat.parameters.find((q) => q.id === id)!.value; // model base units (h, pL)

  it('exosomes in the medium follow EV(t) = (S V / (N k_up)) (1 - exp(-N k_up (t - t_c) / V)), reset at 48 h', () => {
    // dEV/dt = S - N k_up EV / V with S = N_donor k_sec, N = N_recip, V = medium volume; EV(t_c) = 0 for
    // t_c = 0 and again after the medium change at t_c = 48 h.
    const S = p('N_donor') * p('k_sec');
    const kUp = p('eta_bind') * p('k_D'); // the initial assignment, recomputed independently
    const V = c.flat.compartments.find((x) => x.id === 'medium')!.size;
    const rate = (p('N_recip') * kUp) / V;
    const EV = col('EV');
    for (let i = 0; i < res.time.length; i++) {
      const t = res.time[i]!;
      const tc = t >= 48 ? 48 : 0;
      const exact = (S / rate) * (1 - Math.exp(-rate * (t - tc)));
      if (exact === 0) expect(EV[i]).toBe(0);
      else expect(Math.abs(EV[i]! - exact) / exact).toBeLessThan(1e-8);
    }
    // miR-21 in the medium is exactly copies_per_EV times the exosome count (same secretion and uptake).
    const mir = col('miR_EV');
    for (let i = 1; i < res.time.length; i++) if (EV[i]! > 0) expect(Math.abs(mir[i]! / EV[i]! - p('copies_per_EV'))).toBeLessThan(1e-9);
  });

  it('at natural doses (Chevillet 2014) PTEN falls by less than 0.1 % in 72 h', () => {
    const pten = col('PTEN');
    expect(Math.min(...pten)).toBeGreaterThan(0.999);
    expect(pten[pten.length - 1]!).toBeLessThan(1); // but it does fall
  });
});

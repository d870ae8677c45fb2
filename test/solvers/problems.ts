/**
 * Stiff problems of the Test Set for IVP Solvers (Mazzia & Magherini, release 2.4, University of Bari,
 * https://archimede.uniba.it/~testset/): ROBER, HIRES, OREGO, written directly as OdeSystems with analytic
 * Jacobians, plus their published reference solutions at the end time (the test set's `solut` routines,
 * computed there with RADAU5 at tight tolerances). Shared by the solver tests.
 */
import type { OdeSystem } from '../../src/solvers/types.js';

export interface TestProblem {
  name: string;
  system: OdeSystem;
  y0: number[];
  t0: number;
  tEnd: number;
  /** Published reference solution at tEnd. */
  reference: number[];
}

/** ROBER: Robertson's chemical kinetics, 3 species, t in [0, 1e11]. */
export const robertson: TestProblem = {
  name: 'ROBER',
  system: {
    n: 3,
    rates(_t, y, f) {
      const y1 = y[0]!, y2 = y[1]!, y3 = y[2]!;
      f[0] = -0.04 * y1 + 1e4 * y2 * y3;
      f[1] = 0.04 * y1 - 1e4 * y2 * y3 - 3e7 * y2 * y2;
      f[2] = 3e7 * y2 * y2;
    },
    jacobian(_t, y, J) {
      const y2 = y[1]!, y3 = y[2]!;
      J[0] = -0.04; J[1] = 1e4 * y3; J[2] = 1e4 * y2;
      J[3] = 0.04; J[4] = -1e4 * y3 - 6e7 * y2; J[5] = -1e4 * y2;
      J[6] = 0; J[7] = 6e7 * y2; J[8] = 0;
    },
  },
  y0: [1, 0, 0],
  t0: 0,
  tEnd: 1e11,
  reference: [0.2083340149701255e-7, 0.8333360770334713e-13, 0.9999999791665050e0],
};

/** HIRES: High Irradiance RESponse of photomorphogenesis, 8 species, t in [0, 321.8122]. */
export const hires: TestProblem = {
  name: 'HIRES',
  system: {
    n: 8,
    rates(_t, y, f) {
      const [y1, y2, y3, y4, y5, y6, y7, y8] = y as unknown as number[] as [number, number, number, number, number, number, number, number];
      f[0] = -1.71 * y1 + 0.43 * y2 + 8.32 * y3 + 0.0007;
      f[1] = 1.71 * y1 - 8.75 * y2;
      f[2] = -10.03 * y3 + 0.43 * y4 + 0.035 * y5;
      f[3] = 8.32 * y2 + 1.71 * y3 - 1.12 * y4;
      f[4] = -1.745 * y5 + 0.43 * y6 + 0.43 * y7;
      f[5] = -280 * y6 * y8 + 0.69 * y4 + 1.71 * y5 - 0.43 * y6 + 0.69 * y7;
      f[6] = 280 * y6 * y8 - 1.81 * y7;
      f[7] = -280 * y6 * y8 + 1.81 * y7;
    },
    jacobian(_t, y, J) {
      J.fill(0);
      const y6 = y[5]!, y8 = y[7]!;
      const n = 8;
      const s = (i: number, j: number, v: number) => { J[i * n + j] = v; };
      s(0, 0, -1.71); s(0, 1, 0.43); s(0, 2, 8.32);
      s(1, 0, 1.71); s(1, 1, -8.75);
      s(2, 2, -10.03); s(2, 3, 0.43); s(2, 4, 0.035);
      s(3, 1, 8.32); s(3, 2, 1.71); s(3, 3, -1.12);
      s(4, 4, -1.745); s(4, 5, 0.43); s(4, 6, 0.43);
      s(5, 3, 0.69); s(5, 4, 1.71); s(5, 5, -0.43 - 280 * y8); s(5, 6, 0.69); s(5, 7, -280 * y6);
      s(6, 5, 280 * y8); s(6, 6, -1.81); s(6, 7, 280 * y6);
      s(7, 5, -280 * y8); s(7, 6, 1.81); s(7, 7, -280 * y6);
    },
  },
  y0: [1, 0, 0, 0, 0, 0, 0, 0.0057],
  t0: 0,
  tEnd: 321.8122,
  reference: [
    0.7371312573325668e-3, 0.1442485726316185e-3, 0.5888729740967575e-4, 0.1175651343283149e-2,
    0.2386356198831331e-2, 0.6238968252742796e-2, 0.2849998395185769e-2, 0.2850001604814231e-2,
  ],
};

/** OREGO: the Oregonator (Belousov-Zhabotinskii reaction), 3 species, t in [0, 360]. */
export const oregonator: TestProblem = {
  name: 'OREGO',
  system: {
    n: 3,
    rates(_t, y, f) {
      const y1 = y[0]!, y2 = y[1]!, y3 = y[2]!;
      f[0] = 77.27 * (y2 + y1 * (1 - 8.375e-6 * y1 - y2));
      f[1] = (y3 - (1 + y1) * y2) / 77.27;
      f[2] = 0.161 * (y1 - y3);
    },
    jacobian(_t, y, J) {
      const y1 = y[0]!, y2 = y[1]!;
      J[0] = 77.27 * (1 - 2 * 8.375e-6 * y1 - y2); J[1] = 77.27 * (1 - y1); J[2] = 0;
      J[3] = -y2 / 77.27; J[4] = -(1 + y1) / 77.27; J[5] = 1 / 77.27;
      J[6] = 0.161; J[7] = 0; J[8] = -0.161;
    },
  },
  y0: [1, 2, 3],
  t0: 0,
  tEnd: 360,
  reference: [0.1000814870318523e1, 0.1228178521549917e4, 0.1320554942846706e3],
};

export const stiffProblems: TestProblem[] = [robertson, hires, oregonator];

/** Largest relative error against the reference, skipping the indices in `skip`. */
export function maxRelError(y: ArrayLike<number>, ref: number[], skip: number[] = []): number {
  let worst = 0;
  ref.forEach((r, i) => {
    if (skip.includes(i)) return;
    worst = Math.max(worst, Math.abs((y[i] ?? NaN) - r) / Math.abs(r));
  });
  return worst;
}

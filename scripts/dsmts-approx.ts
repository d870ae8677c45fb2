/**
 * DSMTS accuracy of the approximate stochastic engines (ssa-tau-leap, ssa-hybrid): for each case, n replicates
 * at t = 0..50, then per variable and output time the DSMTS user guide's figures:
 *   mean ratio Xbar_t / mu_t and SD ratio S_t / sigma_t (guide: values outside about [0.98, 1.02] show poor
 *   accuracy of an approximate simulator), and the exact-simulator statistics Z_t = sqrt(n) (Xbar_t - mu_t) / sigma_t
 *   (range (-3, 3)) and Y_t = sqrt(n/2) (S_t^2 / sigma_t^2 - 1) (range (-5, 5)).
 *
 * Sampling error: at n replicates the ratio estimates themselves scatter: SE(Xbar/mu) = sigma / (mu sqrt(n)) and
 * SE(S/sigma) ~ sqrt((kappa - 1) / (4 n)) (kappa: kurtosis, 3 for a normal: 1 / sqrt(2 n) = 0.71 % at n = 10,000).
 * Over 51 time points a correct simulator shows SD ratios beyond 1 +- 0.02 by chance (2.8 SE at n = 10,000), so the
 * script reports, besides the raw extremes, the ratios that lie outside [0.98, 1.02] by more than 3 SE
 * ("significant": the engine's bias, not the sample's, exceeds 2 %).
 *
 * Usage: npx tsx scripts/dsmts-approx.ts [--solver ssa-tau-leap|ssa-hybrid] [--n 10000] [--seed 1]
 *          [--cases 00001,00031] [--dir test/dsmts/cases] [--set name=value ...] [--verbose]
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileModelText } from '../src/pipeline.js';
import { buildParameters } from '../src/simulate.js';
import { replicateStream, replicateEventSeed } from '../src/solvers/stochastic/rng.js';
import { tauLeapDescriptor } from '../src/solvers/stochastic/tau-leap.js';
import { hybridDescriptor } from '../src/solvers/stochastic/hybrid.js';
import type { StochasticSolverDescriptor } from '../src/solvers/stochastic/types.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : def;
};
const dir = opt('dir', new URL('../test/dsmts/cases', import.meta.url).pathname);
const n = Number(opt('n', '10000'));
const seed = Number(opt('seed', '1'));
const solverId = opt('solver', 'ssa-tau-leap');
const verbose = args.includes('--verbose');
const desc: StochasticSolverDescriptor = solverId === 'ssa-hybrid' ? hybridDescriptor : tauLeapDescriptor;
const settings: Record<string, unknown> = {};
for (const d of desc.settings) settings[d.name] = d.default;
args.forEach((a, i) => {
  if (a === '--set') {
    const [k, v] = args[i + 1]!.split('=');
    settings[k!] = v === 'true' ? true : v === 'false' ? false : Number.isNaN(Number(v)) ? v : Number(v);
  }
});
const cases = opt('cases', '')
  ? opt('cases', '').split(',')
  : readdirSync(dir).filter((d) => /^\d{5}$/.test(d)).sort();

console.log(`solver ${desc.id}, n = ${n}, seed ${seed}, settings ${JSON.stringify(settings)}`);
console.log('case   var  max|mean-1|  max|sd-1|  signif(m/sd)  Zfail Yfail  firings/s  steps/s  seconds');
let totalZ = 0, totalY = 0, totalSig = 0;
for (const c of cases) {
  const f = join(dir, c, `${c}-sbml-l3v2.xml`);
  if (!existsSync(f)) continue;
  const compiled = compileModelText(readFileSync(f, 'utf8'), { file: f }).compiled!;
  const { p } = buildParameters(compiled);
  const sys = compiled.reactionSystem!(p);
  const settingsTxt = readFileSync(join(dir, c, `${c}-settings.txt`), 'utf8');
  const vars = /variables:\s*(.*)/.exec(settingsTxt)![1]!.split(',').map((s) => s.trim()).filter(Boolean);
  const csv = readFileSync(join(dir, c, `${c}-results.csv`), 'utf8').trim().split(/\r?\n/);
  const header = csv[0]!.split(',');
  const rows = csv.slice(1).map((l) => l.split(',').map(Number));
  const T = rows.length;
  const outT = Float64Array.from(rows, (r) => r[0]!);
  const colOf = compiled.outputs.map((o) => o.id);
  const vIdx = vars.map((v) => colOf.indexOf(v));
  const nOutCols = compiled.outputs.length;
  const sum = new Float64Array(T * vars.length);
  const sum2 = new Float64Array(T * vars.length);
  const out = new Float64Array(nOutCols);
  const x0 = sys.initialState(0);
  let firings = 0, steps = 0;
  const t1 = performance.now();
  for (let r = 0; r < n; r++) {
    const events = sys.eventHooks(0, x0, replicateEventSeed(seed, r));
    const res = desc.run(sys, { t0: 0, outputTimes: outT, x0, rng: replicateStream(seed, r), settings, ...(events ? { events } : {}) });
    firings += res.firings;
    steps += res.steps;
    for (let i = 0; i < T; i++) {
      sys.outputs(outT[i]!, res.states.subarray(i * sys.n, (i + 1) * sys.n), out);
      vIdx.forEach((col, v) => {
        const val = out[col]!;
        sum[i * vars.length + v] += val;
        sum2[i * vars.length + v] += val * val;
      });
    }
  }
  const secs = (performance.now() - t1) / 1000;
  vars.forEach((v, vi) => {
    const mCol = header.indexOf(`${v}-mean`), sCol = header.indexOf(`${v}-sd`);
    let maxM = 0, maxS = 0, sig = 0, zf = 0, yf = 0, sigM = 0, sigS = 0;
    for (let i = 0; i < T; i++) {
      const mu = rows[i]![mCol]!, sd = rows[i]![sCol]!;
      const m = sum[i * vars.length + vi]! / n;
      const s2 = (sum2[i * vars.length + vi]! - n * m * m) / (n - 1);
      const s = Math.sqrt(Math.max(0, s2));
      if (!(sd > 0) || !(mu > 0)) continue;
      const rm = m / mu, rs = s / sd;
      const seM = sd / (mu * Math.sqrt(n)), seS = 1 / Math.sqrt(2 * n);
      maxM = Math.max(maxM, Math.abs(rm - 1));
      maxS = Math.max(maxS, Math.abs(rs - 1));
      if (Math.abs(rm - 1) - 0.02 > 3 * seM) sigM++;
      if (Math.abs(rs - 1) - 0.02 > 3 * seS) sigS++;
      const Z = (Math.sqrt(n) * (m - mu)) / sd;
      const Y = Math.sqrt(n / 2) * (s2 / (sd * sd) - 1);
      if (Math.abs(Z) >= 3) zf++;
      if (Math.abs(Y) >= 5) yf++;
      if (verbose && (Math.abs(Z) >= 3 || Math.abs(Y) >= 5 || Math.abs(rm - 1) > 0.02 || Math.abs(rs - 1) > 0.02)) {
        console.log(`   t=${outT[i]} ${v}: mean ${m.toFixed(3)} vs ${mu} (ratio ${rm.toFixed(4)}, Z ${Z.toFixed(2)}), sd ${s.toFixed(3)} vs ${sd} (ratio ${rs.toFixed(4)}, Y ${Y.toFixed(2)})`);
      }
    }
    sig = sigM + sigS;
    totalZ += zf;
    totalY += yf;
    totalSig += sig;
    console.log(
      `${c}  ${v.padEnd(4)} ${maxM.toFixed(4).padStart(10)} ${maxS.toFixed(4).padStart(10)}  ${`${sigM}/${sigS}`.padStart(11)}  ${String(zf).padStart(5)} ${String(yf).padStart(5)}  ${(firings / secs).toExponential(2).padStart(9)} ${(steps / secs).toExponential(2).padStart(8)}  ${secs.toFixed(1)}`,
    );
  });
}
console.log(`total: Z failures ${totalZ}, Y failures ${totalY}, ratios significantly outside [0.98, 1.02]: ${totalSig}`);

/**
 * `exosim sensitivity <scenario|model> --output <obs> --method morris|sobol|local ...` and
 * `exosim scan <scenario|model> --param p [--from a --to b] [--log] [--steps n] [--param2 q ...] --output <obs>`:
 * global (Morris, Sobol') and local sensitivity, and 1-D/2-D parameter scans, of a model output at time --t or of
 * a scenario output (a check's observed number, a series' last value). Evaluations run over worker threads
 * (--threads, default all cores); results do not depend on the number of threads.
 */
import type { Command } from 'commander';
import { ExosimError, diag } from '../../src/diagnostics.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { EXOSIM_VERSION } from '../../src/version.js';
import { hasScenario, getScenario } from '../../src/scenarios/registry.js';
import { compileDoc } from '../../src/scenarios/support.js';
import type { CompiledModel } from '../../src/compile/types.js';
import {
  type EvalTarget,
  type OutputTransform,
  type ParamRange,
  type ScenarioOutput,
  type MorrisResult,
  type SobolResult,
  type LocalResult,
  type ScanResult,
  type ScanAxis,
  modelRanges,
  morrisAnalysis,
  sobolAnalysis,
  localAnalysis,
  scan,
  morrisSpec,
  sobolSpec,
  localSpec,
  scanSpec,
} from '../../src/analysis/sensitivity/index.js';
import { type CliContext, EXIT_OK, FlagErrors, loadCompiledModel, parseListFlag, parseNumberFlag, parseSetFlags, resolvePath } from './shared.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export interface CommonFlags {
  output?: string;
  t?: string;
  set: string[];
  seed?: string;
  threads?: string;
  plot?: string;
  out?: string;
  json?: boolean;
}

export interface SensitivityFlags extends CommonFlags {
  method?: string;
  params?: string;
  range: string[];
  n?: string;
  levels?: string;
}

export interface ScanFlags extends CommonFlags {
  param?: string;
  from?: string;
  to?: string;
  log?: boolean;
  steps?: string;
  param2?: string;
  from2?: string;
  to2?: string;
  log2?: boolean;
  steps2?: string;
}

function intFlag(errs: FlagErrors, flag: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const s = v.trim();
  if (!/^\+?\d+$/.test(s) || !Number.isSafeInteger(Number(s)) || Number(s) < min) {
    errs.add(flag, `expected an integer >= ${min}, got '${v}'`, `give e.g. ${flag} ${Math.max(min, 2)}`);
    return undefined;
  }
  return Number(s);
}

/** `--range id=low:high[:log|:linear]` (repeatable). */
function parseRanges(errs: FlagErrors, values: readonly string[]): { ranges: Record<string, [number, number]>; scales: Record<string, 'linear' | 'log'> } {
  const ranges: Record<string, [number, number]> = {};
  const scales: Record<string, 'linear' | 'log'> = {};
  for (const v of values) {
    const m = /^([^=]+)=([^:]+):([^:]+)(?::(log|linear))?$/.exec(v.trim());
    const lo = m ? Number(m[2]) : NaN;
    const hi = m ? Number(m[3]) : NaN;
    if (!m || !Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) {
      errs.add('--range', `expected id=low:high with low < high (optionally :log or :linear), got '${v}'`, 'write e.g. --range rec.f_escape=0.001:0.3:log (values in the declared unit)');
      continue;
    }
    ranges[m[1]!.trim()] = [lo, hi];
    if (m[4]) scales[m[1]!.trim()] = m[4] as 'linear' | 'log';
  }
  return { ranges, scales };
}

function plotFormat(errs: FlagErrors, plot: string | undefined): 'svg' | 'png' | undefined {
  if (plot === undefined) return undefined;
  const p = plot.toLowerCase();
  if (p.endsWith('.svg')) return 'svg';
  if (p.endsWith('.png')) return 'png';
  errs.add('--plot', `plot file '${plot}' must end in .svg or .png`, 'use e.g. --plot sensitivity.svg');
  return undefined;
}

interface Resolved {
  target: EvalTarget;
  compiled: CompiledModel;
  outputLabel: string;
  kind: 'scenario' | 'model';
}

/**
 * The evaluation target from the positional argument and --output: a registered scenario id (check:<i>[:<j>],
 * series:<name>, or a column of the scenario's model at --t) or a model file (a column at --t). `log10:` before
 * the output takes its decimal logarithm.
 */
async function resolveTarget(ctx: CliContext, arg: string, output: string, t: number | undefined, set: Record<string, number>, seed: number): Promise<Resolved> {
  let spec = output.trim();
  let transform: OutputTransform = 'none';
  if (spec.startsWith('log10:')) {
    transform = 'log10';
    spec = spec.slice(6);
  }
  const needT = (what: string): number => {
    if (t === undefined) throw new ExosimError([diag('E_FLAG', `--t: required for the output '${output}' (${what} is read at time --t)`, { hint: 'give the read-out time in the model time unit, e.g. --t 72' })]);
    return t;
  };
  const checkColumn = (compiled: CompiledModel, col: string) => {
    const known = [...compiled.flat.species.map((s) => s.id), ...compiled.flat.parameters.map((p) => p.id), ...compiled.flat.observables.map((o) => o.id), ...compiled.flat.compartments.map((c) => c.id)];
    if (!known.includes(col)) {
      const close = known.filter((k) => k.toLowerCase().includes(col.toLowerCase())).slice(0, 6);
      throw new ExosimError([diag('E_SENS_OUTPUT', `'${col}' is not an output of model '${compiled.flat.id}'.`, { hint: `${close.length ? `Did you mean ${close.join(', ')}? ` : ''}Outputs are species, parameters and observables; for a scenario also check:<i>[:<j>] and series:<name>.` })]);
    }
  };
  if (hasScenario(arg)) {
    const scenario = getScenario(arg);
    const compiled = compileDoc(scenario.model());
    const cm = /^check:(\d+)(?::(\d+))?$/.exec(spec);
    const sm = /^series:(.+)$/.exec(spec);
    if (cm || sm) {
      const out: ScenarioOutput = cm ? { kind: 'check', check: Number(cm[1]), index: Number(cm[2] ?? 1) } : { kind: 'series', name: sm![1]! };
      if (cm && (out as { check: number }).check < 1) throw new ExosimError([diag('E_SENS_OUTPUT', `check indices start at 1 (got '${spec}').`, { hint: 'Name the first check check:1.' })]);
      // one run at the nominal point: an absent check or series is reported before any sampling
      const { scenarioOutputValue } = await import('../../src/analysis/sensitivity/target.js');
      scenarioOutputValue(await scenario.run({ set, seed }), out);
      return { target: { kind: 'scenario', id: arg, output: out, set, seed, transform }, compiled, outputLabel: output, kind: 'scenario' };
    }
    checkColumn(compiled, spec);
    const tt = needT(`a column of scenario ${arg}'s model`);
    return { target: { kind: 'model', flat: compiled.flat, column: spec, t: tt, set, transform }, compiled, outputLabel: `${output} at t = ${tt} ${compiled.flat.units.time.text}`, kind: 'model' };
  }
  const m = await loadCompiledModel(ctx, arg);
  checkColumn(m.compiled, spec);
  const tt = needT('a model column');
  return { target: { kind: 'model', flat: m.compiled.flat, column: spec, t: tt, set, transform }, compiled: m.compiled, outputLabel: `${output} at t = ${tt} ${m.compiled.flat.units.time.text}`, kind: 'model' };
}

function commonFlags(errs: FlagErrors, flags: CommonFlags) {
  const set = parseSetFlags(errs, flags.set ?? []);
  const seed = intFlag(errs, '--seed', flags.seed, 0) ?? 0;
  const threads = intFlag(errs, '--threads', flags.threads, 1);
  const t = parseNumberFlag(errs, '--t', flags.t);
  if (t !== undefined && !(t > 0)) errs.add('--t', `must be > 0, got ${flags.t}`, 'give the read-out time after the start (0), e.g. --t 72');
  const plot = plotFormat(errs, flags.plot);
  if (flags.out !== undefined && !flags.out.toLowerCase().endsWith('.json')) errs.add('--out', `result file '${flags.out}' must end in .json`, 'use e.g. --out sensitivity.json');
  if (flags.output === undefined || flags.output.trim() === '') errs.add('--output', 'required', 'name the output, e.g. --output knockdown (model column at --t) or --output check:2 (scenario check)');
  return { set, seed, threads, t, plot };
}

async function writeOutputs(ctx: CliContext, flags: CommonFlags, format: 'svg' | 'png' | undefined, spec: (() => unknown) | undefined, json: string): Promise<string[]> {
  const wrote: string[] = [];
  if (flags.plot !== undefined && spec) {
    const { renderVegaLiteSvg, svgToPng } = await import('../../src/plot/index.js');
    const svg = await renderVegaLiteSvg(spec() as Parameters<typeof renderVegaLiteSvg>[0]);
    await writeFileAtomic(resolvePath(ctx, flags.plot), format === 'png' ? svgToPng(svg) : svg);
    wrote.push(`plot ${flags.plot}`);
  }
  if (flags.out !== undefined) {
    await writeFileAtomic(resolvePath(ctx, flags.out), json);
    wrote.push(`result ${flags.out}`);
  }
  return wrote;
}

const g = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : String(x));

function formatText(r: MorrisResult | SobolResult | LocalResult, label: string): string {
  const w = Math.max(9, ...r.params.map((p) => p.id.length));
  const lines: string[] = [];
  if (r.method === 'morris') {
    lines.push(`Morris screening of ${label}: ${r.trajectories} trajectories x ${r.params.length + 1} runs = ${r.evaluations} runs (levels ${r.levels}, seed ${r.seed})`);
    lines.push(`${'parameter'.padEnd(w)}  ${'mu*'.padStart(10)}  ${'95% CI'.padStart(21)}  ${'mu'.padStart(10)}  ${'sigma'.padStart(10)}  range`);
    for (const p of [...r.params].sort((a, b) => b.muStar - a.muStar)) {
      lines.push(`${p.id.padEnd(w)}  ${g(p.muStar).padStart(10)}  ${`[${g(p.muStar_ci[0])}, ${g(p.muStar_ci[1])}]`.padStart(21)}  ${g(p.mu).padStart(10)}  ${g(p.sigma).padStart(10)}  ${g(p.low)}..${g(p.high)} ${p.scale}`);
    }
    lines.push('(elementary effects per unit of each parameter\'s range, linear or log)');
  } else if (r.method === 'sobol') {
    lines.push(`Sobol' indices of ${label}: N = ${r.n}, ${r.evaluations} runs (seed ${r.seed}); output mean ${g(r.mean)}, variance ${g(r.variance)}`);
    lines.push(`${'parameter'.padEnd(w)}  ${'S1'.padStart(8)}  ${'95% CI'.padStart(18)}  ${'ST'.padStart(8)}  ${'95% CI'.padStart(18)}  range`);
    for (const p of [...r.params].sort((a, b) => b.ST - a.ST)) {
      lines.push(`${p.id.padEnd(w)}  ${g(p.S1).padStart(8)}  ${`[${g(p.S1_ci[0])}, ${g(p.S1_ci[1])}]`.padStart(18)}  ${g(p.ST).padStart(8)}  ${`[${g(p.ST_ci[0])}, ${g(p.ST_ci[1])}]`.padStart(18)}  ${g(p.low)}..${g(p.high)} ${p.scale}`);
    }
  } else {
    lines.push(`Local sensitivities of ${label} at the defaults (output ${g(r.y0)}; central differences, h = ${r.h})`);
    lines.push(`${'parameter'.padEnd(w)}  ${'value'.padStart(10)}  ${'d ln y/d ln p'.padStart(14)}  ${'dy/dp'.padStart(10)}`);
    for (const p of [...r.params].sort((a, b) => Math.abs(b.normalized) - Math.abs(a.normalized) || 0)) {
      lines.push(`${p.id.padEnd(w)}  ${g(p.nominal).padStart(10)}  ${g(p.normalized).padStart(14)}  ${g(p.dydp).padStart(10)}`);
    }
  }
  return lines.join('\n') + '\n';
}

export async function sensitivityCommand(ctx: CliContext, arg: string, flags: SensitivityFlags): Promise<number> {
  const errs = new FlagErrors();
  const { set, seed, threads, t, plot } = commonFlags(errs, flags);
  const method = flags.method ?? 'morris';
  if (!['morris', 'sobol', 'local'].includes(method)) errs.add('--method', `unknown method '${flags.method}'`, 'use morris, sobol or local');
  const n = intFlag(errs, '--n', flags.n, method === 'sobol' ? 2 : 1);
  // Morris grid levels p: an even p gives a step delta = p / (2 (p - 1)) that visits every level with equal
  // probability (Morris 1991 Technometrics 33:161; Saltelli et al. 2004 §3.3)
  const levels = intFlag(errs, '--levels', flags.levels, 2);
  if (levels !== undefined && levels % 2 !== 0) errs.add('--levels', `expected an even number of grid levels, got ${levels}`, 'give e.g. --levels 4 (the default) or --levels 6');
  if (levels !== undefined && method !== 'morris') errs.add('--levels', `applies to --method morris only, not ${method}`, 'leave out --levels or use --method morris');
  const { ranges, scales } = parseRanges(errs, flags.range ?? []);
  const ids = parseListFlag(flags.params);
  if (ids !== undefined && ids.length === 0) errs.add('--params', 'empty list', 'give comma-separated parameter ids, e.g. --params a,b,c');
  errs.throwIfAny();
  const res = await resolveTarget(ctx, arg, flags.output!, t, set, seed);
  const params: ParamRange[] = modelRanges(res.compiled, ids, ranges, scales);
  const problem = { target: res.target, params };
  const run = { ...(threads !== undefined ? { threads } : {}), seed };
  const result =
    method === 'sobol'
      ? await sobolAnalysis(problem, { ...run, ...(n !== undefined ? { n } : {}) })
      : method === 'local'
        ? await localAnalysis(problem, { ...run, nominal: Object.fromEntries(params.filter((p) => set[p.id] !== undefined).map((p) => [p.id, set[p.id]!])) })
        : await morrisAnalysis(problem, { ...run, ...(n !== undefined ? { trajectories: n } : {}), ...(levels !== undefined ? { levels } : {}) });
  const title = `${arg}: sensitivity of ${res.outputLabel}`;
  const record = { target: arg, output: flags.output, t: t ?? null, set, seed, exosimVersion: EXOSIM_VERSION };
  const json = JSON.stringify({ ...result, record }, null, 2) + '\n';
  const spec = () => (result.method === 'morris' ? morrisSpec(result, title, res.outputLabel) : result.method === 'sobol' ? sobolSpec(result, title) : localSpec(result, title));
  const wrote = await writeOutputs(ctx, flags, plot, spec, json);
  if (flags.json) ctx.stdout.write(json);
  else ctx.stdout.write(formatText(result, res.outputLabel) + (wrote.length ? `wrote ${wrote.join(', ')}\n` : ''));
  return EXIT_OK;
}

export async function scanCommand(ctx: CliContext, arg: string, flags: ScanFlags): Promise<number> {
  const errs = new FlagErrors();
  const { set, seed, threads, t, plot } = commonFlags(errs, flags);
  if (flags.param === undefined) errs.add('--param', 'required', 'name the scanned parameter, e.g. --param rec.f_escape');
  const from = parseNumberFlag(errs, '--from', flags.from);
  const to = parseNumberFlag(errs, '--to', flags.to);
  const steps = intFlag(errs, '--steps', flags.steps, 1);
  const from2 = parseNumberFlag(errs, '--from2', flags.from2);
  const to2 = parseNumberFlag(errs, '--to2', flags.to2);
  const steps2 = intFlag(errs, '--steps2', flags.steps2, 1);
  if (flags.param2 === undefined && (flags.from2 !== undefined || flags.to2 !== undefined || flags.steps2 !== undefined || flags.log2)) errs.add('--param2', 'required with --from2/--to2/--steps2/--log2', 'name the second scanned parameter, e.g. --param2 copies_per_EV');
  errs.throwIfAny();
  const res = await resolveTarget(ctx, arg, flags.output!, t, set, seed);
  const axis = (id: string, lo: number | undefined, hi: number | undefined, log: boolean | undefined, n: number | undefined): ScanAxis => {
    const explicit = lo !== undefined && hi !== undefined;
    let r: ParamRange | undefined;
    if (!explicit) r = modelRanges(res.compiled, [id])[0];
    else modelRanges(res.compiled, [id], { [id]: lo < hi ? [lo, hi] : [hi, lo] }); // checks the id
    return { id, from: lo ?? r!.low, to: hi ?? r!.high, steps: n ?? 20, log: log ?? (!explicit && r!.scale === 'log') };
  };
  const axes = [axis(flags.param!, from, to, flags.log, steps)];
  if (flags.param2 !== undefined) axes.push(axis(flags.param2, from2, to2, flags.log2, steps2));
  const result: ScanResult = await scan(res.target, axes, { ...(threads !== undefined ? { threads } : {}), seed });
  const title = `${arg}: scan of ${res.outputLabel}`;
  const record = { target: arg, output: flags.output, t: t ?? null, set, seed, exosimVersion: EXOSIM_VERSION };
  const json = JSON.stringify({ ...result, record }, null, 2) + '\n';
  const wrote = await writeOutputs(ctx, flags, plot, () => scanSpec(result, title, res.outputLabel), json);
  if (flags.json) ctx.stdout.write(json);
  else {
    const lines: string[] = [`Scan of ${res.outputLabel} (${result.evaluations} runs)`];
    if (axes.length === 1) {
      lines.push(`${axes[0]!.id}\t${flags.output}`);
      result.values[0]!.forEach((x, i) => lines.push(`${g(x)}\t${g((result.output as number[])[i]!)}`));
    } else {
      lines.push(`${axes[0]!.id} \\ ${axes[1]!.id}\t${result.values[1]!.map(g).join('\t')}`);
      result.values[0]!.forEach((x, i) => lines.push(`${g(x)}\t${(result.output as number[][])[i]!.map(g).join('\t')}`));
    }
    ctx.stdout.write(lines.join('\n') + '\n' + (wrote.length ? `wrote ${wrote.join(', ')}\n` : ''));
  }
  return EXIT_OK;
}

/** Adds `exosim sensitivity` and `exosim scan`. */
export function registerSensitivityCommand(program: Command, ctx: CliContext, setCode: (n: number) => void): void {
  const common = (c: Command) =>
    c
      .option('--output <obs>', 'model output column at --t, or for a scenario check:<i>[:<j>] / series:<name>; prefix log10: for its logarithm')
      .option('--t <time>', 'read-out time of a model column, in the model time unit')
      .option('--set <id=value>', 'fix a parameter (value in its declared unit) in every run; repeatable', collect, [] as string[])
      .option('--seed <n>', 'seed of the sampling (and of scenario runs); default 0')
      .option('--threads <n>', 'worker threads (default: all cores); results do not depend on it')
      .option('--plot <file>', 'write the plot to file.svg or file.png')
      .option('--out <file>', 'also write the JSON result to file.json')
      .option('--json', 'print the JSON result');
  common(
    program
      .command('sensitivity')
      .description('global (Morris, Sobol\') or local sensitivity of a model or scenario output to its uncertain parameters')
      .argument('<target>', 'scenario id (see exosim scenario list) or model file')
      .option('--method <m>', 'morris (default), sobol or local')
      .option('--params <ids>', 'comma-separated parameters (default: every parameter with a declared range)')
      .option('--range <id=low:high>', 'range of a parameter (declared unit), optional :log or :linear; repeatable', collect, [] as string[])
      .option('--n <n>', 'morris: trajectories (default 20); sobol: base sample N (default 512, a power of 2)')
      .option('--levels <p>', 'morris: grid levels, an even number (default 4)'),
  ).action(async (target: string, opts: SensitivityFlags) => setCode(await sensitivityCommand(ctx, target, opts)));
  common(
    program
      .command('scan')
      .description('1-D or 2-D parameter scan of a model or scenario output (line or heat-map plot)')
      .argument('<target>', 'scenario id (see exosim scenario list) or model file')
      .option('--param <id>', 'scanned parameter')
      .option('--from <x>', 'first value (default: low end of the declared range)')
      .option('--to <x>', 'last value (default: high end of the declared range)')
      .option('--log', 'logarithmic spacing (default with a declared range over > 2 decades)')
      .option('--steps <n>', 'intervals: n + 1 values (default 20)')
      .option('--param2 <id>', 'second scanned parameter (2-D scan, heat map)')
      .option('--from2 <x>', 'first value of the second parameter')
      .option('--to2 <x>', 'last value of the second parameter')
      .option('--log2', 'logarithmic spacing of the second parameter')
      .option('--steps2 <n>', 'intervals of the second parameter (default 20)'),
  ).action(async (target: string, opts: ScanFlags) => setCode(await scanCommand(ctx, target, opts)));
}

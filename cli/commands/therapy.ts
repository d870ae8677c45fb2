/**
 * `exosim therapy simulate [design flags]` and `exosim therapy dose --knockdown <f> [--organ <site>] [design flags]`:
 * therapy design with engineered exosomes (src/analysis/therapy-design.ts). `simulate` gives the knock-down time
 * courses in the tumour and the off-target organs; `dose` finds the dose per injection for a chosen knock-down at a
 * site (root finding on log dose, verified by re-simulation) and the off-target knock-downs at it; exit 1 when no
 * dose in the bracket reaches it. `--json` prints the result, `--out f.json` writes it, `--plot f.svg|png` plots.
 */
import type { Command } from 'commander';
import {
  doseResponse, exosomesFromUg, logSpace, NATURAL_LOADING, OFF_TARGET_ORGANS, PAYLOADS, LIGAND_CHOICES, ROUTES,
  simulateTherapy, solveDose, readKnockdown,
  type DesignRoute, type OffTargetOrgan, type Payload, type Readout, type Site, type TherapyCourse, type TherapyDesign,
} from '../../src/analysis/therapy-design.js';
import { courseSpec, doseResponseSpec, stack } from '../../src/analysis/therapy/plots.js';
import type { Ligand } from '../../src/mechanisms/therapy/index.js';
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { EXOSIM_VERSION } from '../../src/version.js';
import { type CliContext, EXIT_OK, FlagErrors, parseNumberFlag, parseSetFlags, resolvePath } from './shared.js';
import type * as vl from 'vega-lite';

/** Exit status of `therapy dose` when no dose in the bracket reaches the target. */
export const EXIT_NO_DOSE = 1;

export interface TherapyDesignFlags {
  payload?: string;
  copies?: string;
  ligand?: string;
  dose?: string;
  doseUg?: string;
  route?: string;
  doses?: string;
  interval?: string;
  tEnd?: string;
  step?: string;
  organs: string[];
  endogenous?: string;
  set: string[];
  read?: string;
  json?: boolean;
  plot?: string;
  out?: string;
}

export interface TherapyDoseFlags extends TherapyDesignFlags {
  knockdown?: string;
  organ?: string;
  doseRange?: string;
}

/** Default design: the ohno2013-ge11-let7a protocol without its ligand (4 weekly i.v. doses of 1 ug), mimic. */
const DEFAULTS = { payload: 'mimic' as Payload, ligand: 'none' as Ligand, route: 'iv' as DesignRoute, doseUg: 1, nDoses: 4, interval_h: 168 };

function choice<T extends string>(errs: FlagErrors, flag: string, v: string | undefined, choices: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  const hit = choices.find((c) => c.toLowerCase() === v.trim().toLowerCase());
  if (!hit) errs.add(flag, `'${v}' is not one of ${choices.join(', ')}`, `give one of: ${choices.join(', ')}`);
  return hit ?? dflt;
}

function positive(errs: FlagErrors, flag: string, v: string | undefined, example: string): number | undefined {
  if (v === undefined) return undefined;
  const x = parseNumberFlag(errs, flag, v);
  if (x === undefined) return undefined;
  if (!(x > 0)) { errs.add(flag, `must be positive, got ${v}`, `give a number > 0, e.g. ${flag} ${example}`); return undefined; }
  return x;
}

function parseReadout(errs: FlagErrors, v: string | undefined): Readout {
  if (v === undefined || v.trim() === 'peak') return 'peak';
  if (v.trim() === 'end') return 'end';
  const x = Number(v.trim());
  if (v.trim() === '' || !Number.isFinite(x) || x < 0) {
    errs.add('--read', `expected peak, end or a time in h >= 0, got '${v}'`, 'give e.g. --read peak, --read end or --read 336');
    return 'peak';
  }
  return { at: x };
}

/** Parse the design flags (every problem collected; thrown by the caller's throwIfAny). */
export function parseDesignFlags(errs: FlagErrors, f: TherapyDesignFlags): { design: TherapyDesign; readout: Readout } {
  const payload = choice(errs, '--payload', f.payload, PAYLOADS, DEFAULTS.payload);
  const ligand = choice(errs, '--ligand', f.ligand, LIGAND_CHOICES, DEFAULTS.ligand);
  const route = choice(errs, '--route', f.route, ROUTES, DEFAULTS.route);
  const copies = positive(errs, '--copies', f.copies, '1e4') ?? NATURAL_LOADING;
  if (copies > 1e4) errs.add('--copies', `${f.copies} copies per exosome exceed 1e4 (a 100-nm lumen packed with RNA duplexes)`, 'give at most --copies 1e4');
  if (f.dose !== undefined && f.doseUg !== undefined) errs.add('--dose', 'give either --dose (exosomes) or --dose-ug (ug of exosome protein), not both', 'drop one of them');
  const doseN = positive(errs, '--dose', f.dose, '1.67e9');
  const doseUg = positive(errs, '--dose-ug', f.doseUg, '1');
  const dose = doseN ?? exosomesFromUg(doseUg ?? DEFAULTS.doseUg);
  let nDoses = DEFAULTS.nDoses;
  if (f.doses !== undefined) {
    const s = f.doses.trim();
    if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > 100) errs.add('--doses', `must be an integer 1-100, got '${f.doses}'`, 'give e.g. --doses 4');
    else nDoses = Number(s);
  }
  const interval_h = positive(errs, '--interval', f.interval, '168') ?? DEFAULTS.interval_h;
  const tEnd = positive(errs, '--t-end', f.tEnd, '672');
  const step = positive(errs, '--step', f.step, '6');
  const endogenous = positive(errs, '--endogenous', f.endogenous, '1000');
  const organs: OffTargetOrgan[] = [];
  for (const o of (f.organs ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '')) {
    const hit = OFF_TARGET_ORGANS.find((x) => x.toLowerCase() === o.toLowerCase());
    if (!hit) errs.add('--organs', `'${o}' is not an off-target organ of the model (${OFF_TARGET_ORGANS.join(', ')})`, `give a comma list among ${OFF_TARGET_ORGANS.join(', ')}, e.g. --organs liver,spleen,lung`);
    else if (!organs.includes(hit)) organs.push(hit);
  }
  const set = parseSetFlags(errs, f.set ?? []);
  const readout = parseReadout(errs, f.read);
  if (typeof readout === 'object' && readout.at > (tEnd ?? Math.max(168, nDoses * interval_h))) errs.add('--read', `time ${readout.at} h is after the end of the course (${tEnd ?? Math.max(168, nDoses * interval_h)} h)`, 'give a time within the course, or raise --t-end');
  if (f.plot !== undefined && !/\.(svg|png)$/i.test(f.plot)) errs.add('--plot', `plot file '${f.plot}' must end in .svg or .png`, 'use e.g. --plot therapy.svg');
  if (f.out !== undefined && !/\.json$/i.test(f.out)) errs.add('--out', `result file '${f.out}' must end in .json`, 'use e.g. --out therapy.json');
  const design: TherapyDesign = {
    payload, copiesPerEV: copies, ligand, route, dose, nDoses, interval_h,
    ...(tEnd !== undefined ? { tEnd_h: tEnd } : {}), ...(step !== undefined ? { step_h: step } : {}),
    ...(organs.length ? { organs } : {}), ...(endogenous !== undefined ? { endogenousCopies: endogenous } : {}),
    ...(Object.keys(set).length ? { set } : {}),
  };
  return { design, readout };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function courseTable(c: TherapyCourse, readout: Readout): string {
  const rows = c.sites.map((s) => {
    const k = c.courses[s]!;
    return `  ${s.padEnd(8)} ${pct(k.peak).padStart(8)} at ${String(Math.round(k.peakTime_h)).padStart(5)} h  ${pct(k.end).padStart(8)}  ${pct(readKnockdown(c, s, readout)).padStart(8)}`;
  });
  return [`  ${'site'.padEnd(8)} ${'peak'.padStart(8)}    ${'time'.padStart(5)}    ${'end'.padStart(8)}  ${'read-out'.padStart(8)}`, ...rows].join('\n');
}

function designLine(d: TherapyDesign, doseUg: number): string {
  return `${d.payload} exosomes, ${d.copiesPerEV} copies each, ligand ${d.ligand}, route ${d.route}: ${d.nDoses} dose${d.nDoses > 1 ? 's' : ''} of ${d.dose.toExponential(3)} exosomes (${doseUg.toPrecision(3)} ug)${d.nDoses > 1 ? ` every ${d.interval_h} h` : ''}`;
}

function courseJson(c: TherapyCourse) {
  return { time_h: c.time_h, sites: c.sites, courses: c.courses };
}

async function writePlot(ctx: CliContext, file: string, spec: vl.TopLevelSpec): Promise<void> {
  const { renderVegaLiteSvg, svgToPng } = await import('../../src/plot/index.js');
  const svg = await renderVegaLiteSvg(spec);
  await writeFileAtomic(resolvePath(ctx, file), /\.png$/i.test(file) ? svgToPng(svg) : svg);
}

export async function therapySimulateCommand(ctx: CliContext, flags: TherapyDesignFlags): Promise<number> {
  const errs = new FlagErrors();
  const { design, readout } = parseDesignFlags(errs, flags);
  errs.throwIfAny();
  const c = simulateTherapy(design);
  const result = {
    command: 'therapy simulate', design: c.design, doseUg: c.doseUg, readoutOf: c.readoutOf, readout,
    knockdown: Object.fromEntries(c.sites.map((s) => [s, { peak: c.courses[s]!.peak, peakTime_h: c.courses[s]!.peakTime_h, end: c.courses[s]!.end, readout: readKnockdown(c, s, readout) }])),
    ...courseJson(c), exosimVersion: EXOSIM_VERSION,
  };
  const json = JSON.stringify(result, null, 2) + '\n';
  if (flags.plot !== undefined) await writePlot(ctx, flags.plot, courseSpec(c));
  if (flags.out !== undefined) await writeFileAtomic(resolvePath(ctx, flags.out), json);
  if (flags.json) ctx.stdout.write(json);
  else {
    const wrote = [...(flags.plot !== undefined ? [`plot ${flags.plot}`] : []), ...(flags.out !== undefined ? [`result ${flags.out}`] : [])];
    ctx.stdout.write(`${designLine(design, c.doseUg)}\nknock-down of the ${c.readoutOf}:\n${courseTable(c, readout)}\n${wrote.length ? `wrote ${wrote.join(', ')}\n` : ''}`);
  }
  return EXIT_OK;
}

export async function therapyDoseCommand(ctx: CliContext, flags: TherapyDoseFlags): Promise<number> {
  const errs = new FlagErrors();
  const { design, readout } = parseDesignFlags(errs, flags);
  let knockdown = NaN;
  if (flags.knockdown === undefined) errs.add('--knockdown', 'required (the target knock-down, a fraction)', 'give e.g. --knockdown 0.5 for 50 %');
  else {
    const x = parseNumberFlag(errs, '--knockdown', flags.knockdown);
    if (x !== undefined && !(x > 0 && x < 1)) errs.add('--knockdown', `must be a fraction between 0 and 1 (exclusive), got ${flags.knockdown}`, 'give e.g. --knockdown 0.5 for 50 % (not 50)');
    else if (x !== undefined) knockdown = x;
  }
  const sites = ['tumour', ...(design.route === 'in-vitro' ? [] : (design.organs ?? ['liver', 'spleen', 'lung']))];
  const organ = (flags.organ ?? 'tumour').trim();
  const site = sites.find((s) => s.toLowerCase() === organ.toLowerCase()) as Site | undefined;
  if (!site) errs.add('--organ', `'${flags.organ}' is not a simulated site (${sites.join(', ')})`, `give one of ${sites.join(', ')}${design.route === 'in-vitro' ? '' : ' (add organs with --organs)'}`);
  let lo: number | undefined, hi: number | undefined;
  if (flags.doseRange !== undefined) {
    const parts = flags.doseRange.split(',').map((s) => Number(s.trim()));
    if (parts.length !== 2 || !parts.every((x) => Number.isFinite(x) && x > 0) || !(parts[1]! > parts[0]!)) errs.add('--dose-range', `expected lo,hi with 0 < lo < hi (exosomes per dose), got '${flags.doseRange}'`, 'give e.g. --dose-range 1e6,1e14');
    else [lo, hi] = parts as [number, number];
  }
  errs.throwIfAny();
  const sol = solveDose(design, { knockdown, site: site!, readout, ...(lo !== undefined ? { lo } : {}), ...(hi !== undefined ? { hi } : {}) });
  const { course, ...rest } = sol;
  const result = { command: 'therapy dose', design: { ...course.design, dose: sol.feasible ? sol.dose : design.dose }, courseDose: course.design.dose, readoutOf: course.readoutOf, ...rest, ...courseJson(course), exosimVersion: EXOSIM_VERSION };
  const json = JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
  if (flags.plot !== undefined) {
    const q = sol.query;
    const doses = logSpace(q.lo, q.hi, 17);
    const dr = doseResponse(design, doses, readout);
    const top = doseResponseSpec(dr, course.sites, readout, { knockdown, ...(sol.feasible ? { dose: sol.dose } : {}) },
      `Dose for ${pct(knockdown)} knock-down in the ${site}: ${sol.feasible ? `${sol.dose.toExponential(2)} exosomes per dose` : 'none in the range'} (${design.payload}, ${design.copiesPerEV} copies/exosome, ${design.ligand}, ${design.route}, ${design.nDoses} doses)`);
    await writePlot(ctx, flags.plot, stack([top, courseSpec(course, sol.feasible ? `time courses at ${sol.dose.toExponential(2)} exosomes per dose` : `time courses at ${q.hi.toExponential(2)} exosomes per dose (upper end)`)]));
  }
  if (flags.out !== undefined) await writeFileAtomic(resolvePath(ctx, flags.out), json);
  if (flags.json) ctx.stdout.write(json);
  else {
    const wrote = [...(flags.plot !== undefined ? [`plot ${flags.plot}`] : []), ...(flags.out !== undefined ? [`result ${flags.out}`] : [])];
    ctx.stdout.write(`${designLine({ ...design, dose: sol.feasible ? sol.dose : design.dose }, sol.feasible ? sol.doseUg : course.doseUg)}\n${sol.statement}\nknock-down of the ${course.readoutOf} at ${sol.feasible ? 'that dose' : `${sol.query.hi.toExponential(2)} exosomes per dose`}:\n${courseTable(course, readout)}\n${wrote.length ? `wrote ${wrote.join(', ')}\n` : ''}`);
  }
  return sol.feasible && sol.verified ? EXIT_OK : EXIT_NO_DOSE;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function designOptions(cmd: Command): Command {
  return cmd
    .option('--payload <kind>', `payload: ${PAYLOADS.join(', ')} (default mimic)`)
    .option('--copies <n>', 'payload copies per exosome (default 0.00825, Chevillet 2014 natural loading; at most 1e4)')
    .option('--ligand <ligand>', `targeting ligand: ${LIGAND_CHOICES.join(', ')} (default none)`)
    .option('--dose <exosomes>', 'exosomes per dose (default 1 ug = 1.67e9)')
    .option('--dose-ug <ug>', 'dose as ug of exosome protein (6e-16 g per exosome)')
    .option('--route <route>', `route: ${ROUTES.join(', ')} (default iv)`)
    .option('--doses <n>', 'number of doses (default 4)')
    .option('--interval <h>', 'hours between doses (default 168)')
    .option('--t-end <h>', 'end of the course, h after the first dose (default max(168, doses x interval))')
    .option('--step <h>', 'output step in h (default t-end / 112)')
    .option('--organs <list>', `off-target organs, comma list of ${OFF_TARGET_ORGANS.join(', ')} (default liver,spleen,lung); repeatable`, collect, [] as string[])
    .option('--endogenous <copies>', 'endogenous miRISC copies of the miRNA per cell (default 10)')
    .option('--set <id=value>', 'override a model parameter (value in its declared unit); repeatable', collect, [] as string[])
    .option('--read <peak|end|h>', 'read-out of a knock-down course: its peak, its end, or its value at a time in h (default peak)')
    .option('--json', 'print the result as JSON')
    .option('--out <file>', 'write the result as JSON to file.json')
    .option('--plot <file>', 'write the plot to file.svg or file.png');
}

export function registerTherapyCommand(program: Command, ctx: CliContext, setCode: (n: number) => void): void {
  const therapy = program.command('therapy').description('therapy design with engineered exosomes: knock-down in tumour and off-target organs, dose for a knock-down');
  designOptions(
    therapy.command('simulate').description('knock-down time courses in the tumour and off-target organs for an engineered-exosome design'),
  ).action(async (opts: TherapyDesignFlags) => setCode(await therapySimulateCommand(ctx, opts)));
  designOptions(
    therapy.command('dose').description('the dose per injection that gives a chosen knock-down at a site, and the off-target knock-downs at it; exit 1 when none in the range')
      .option('--knockdown <fraction>', 'target knock-down, a fraction in (0, 1), e.g. 0.5')
      .option('--organ <site>', 'site of the target knock-down: tumour (default) or an off-target organ')
      .option('--dose-range <lo,hi>', 'bracket of exosomes per dose searched (default 1e6,1e14)'),
  ).action(async (opts: TherapyDoseFlags) => setCode(await therapyDoseCommand(ctx, opts)));
}

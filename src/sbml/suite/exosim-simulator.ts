/**
 * The ExoSim simulator for the SBML Test Suite harness: importSbml -> compileModel -> simulate, then the
 * columns the case's settings ask for. Species are reported as amounts (settings `amount:`) or concentrations
 * (`concentration:`; default: amount when hasOnlySubstanceUnits, else concentration), computed from the
 * compiled model's output column (the species' declared kind) and the compartment size at each output time
 * (amount = concentration * size). Compartments and parameters come from their output column when rules or
 * events change them, else from the parameter vector after initial assignments (constant over the run).
 * Reads the model file (allowed: this module is a loader for the suite harness).
 */
import { readFileSync } from 'node:fs';
import { externalReaderFor } from '../../io/sbml-external.js';
import { ExosimError, diag, hasErrors } from '../../diagnostics.js';
import { compileModel } from '../../compile/compile.js';
import { buildParameters, simulate } from '../../simulate.js';
import { importSbml } from '../import.js';
import type { SimulateCase } from './runner.js';
import type { NumericTable, SuiteSettings } from './files.js';

export interface ExosimCaseOptions {
  /** Solver id (default 'ode-auto'). */
  solver?: string;
  rtol?: number;
  atol?: number;
  /** Seed of random tie-breaking between simultaneous events of equal priority (default 0). */
  seed?: number;
}

export { externalReaderFor } from '../../io/sbml-external.js';

/** Simulate one SBML document for the suite's settings; throws ExosimError with the importer's diagnostics. */
export function simulateSbmlForSuite(text: string, settings: SuiteSettings, file?: string, opts: ExosimCaseOptions = {}): NumericTable {
  const imp = importSbml(text, file !== undefined ? { file, readExternal: externalReaderFor(file) } : {});
  if (!imp.flat || hasErrors(imp.diagnostics)) throw new ExosimError(imp.diagnostics.filter((d) => d.severity === 'error'));
  const flat = imp.flat;
  const start = settings.start ?? 0;
  const duration = settings.duration;
  const steps = settings.steps;
  if (duration === null || steps === null) throw new ExosimError([diag('E_SBML_UNSUPPORTED', 'the case has no time course settings (duration/steps)')]);
  // A reaction id among the outputs means its rate (SBML Test Suite): report it through a non-constant parameter
  // given by an assignment rule equal to the reaction's rate.
  const rateOutput = new Map<string, string>();
  for (const v of settings.variables) {
    const id = imp.info?.renamed?.[v] ?? v;
    const r = flat.reactions.find((x) => x.id === id);
    if (!r || rateOutput.has(id)) continue;
    let pid = `__exosim_rate_${id}`;
    while (flat.parameters.some((q) => q.id === pid) || flat.species.some((q) => q.id === pid)) pid += '_';
    flat.parameters.push({ id: pid, value: 0, constant: false });
    flat.assignmentRules.push({ variable: pid, expr: r.rate });
    rateOutput.set(id, pid);
  }
  // A model without state variables (only parameters changed by events/rules) gives the ODE solvers an empty
  // system; give them one trivial state (dz/dt = 0) that no output reads.
  let compiled = compileModel(flat);
  if (compiled.stateIds.length === 0) {
    let dummy = '__exosim_clock';
    while (flat.parameters.some((q) => q.id === dummy)) dummy += '_';
    flat.parameters.push({ id: dummy, value: 0, constant: false });
    flat.rateRules.push({ variable: dummy, expr: { kind: 'num', value: 0 } });
    compiled = compileModel(flat);
  }
  const res = simulate(compiled, {
    tStart: start,
    tEnd: start + duration,
    steps,
    rtol: opts.rtol ?? 1e-10,
    atol: opts.atol ?? 1e-14,
    solver: opts.solver ?? 'ode-auto',
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  });
  // constant values after initial assignments (initialState writes them into p)
  const { p } = buildParameters(compiled);
  compiled.initialState(p, start);
  const nCompP = compiled.parameterIds.length;
  const colOf = new Map(res.columns.map((c, k) => [c.id, k]));
  const nRows = res.time.length;
  const constSeries = (v: number) => Array.from({ length: nRows }, () => v);
  const compIndex = new Map(flat.compartments.map((c, j) => [c.id, j]));
  const series = (id: string): number[] | undefined => {
    const k = colOf.get(id);
    if (k !== undefined) return Array.from(res.values[k]!);
    const j = compIndex.get(id);
    if (j !== undefined) return constSeries(p[nCompP + j]!);
    const pi = compiled.parameterIndex.get(id);
    if (pi !== undefined) return constSeries(p[pi]!);
    return undefined;
  };
  const renamed = imp.info?.renamed ?? {};
  const amountSet = new Set(settings.amount);
  const concSet = new Set(settings.concentration);
  const speciesById = new Map(flat.species.map((s) => [s.id, s]));
  const cols: number[][] = [];
  for (const v of settings.variables) {
    const id = renamed[v] ?? v;
    const sp = speciesById.get(id);
    if (sp) {
      const raw = series(id)!;
      const size = series(sp.compartment)!;
      const declaredConc = sp.unit.dims[1] === -3;
      const wantAmount = amountSet.has(v) ? true : concSet.has(v) ? false : sp.hasOnlySubstanceUnits;
      // amount = concentration * size
      cols.push(raw.map((x, i) => (declaredConc === wantAmount ? (wantAmount ? x * size[i]! : x / size[i]!) : x)));
      continue;
    }
    const s = series(rateOutput.get(id) ?? id);
    if (!s) throw new ExosimError([diag('E_SBML_UNSUPPORTED', `output variable '${v}' is not a species, compartment or parameter (e.g. a reaction rate), which the suite driver cannot report yet`)]);
    cols.push(s);
  }
  return { header: ['time', ...settings.variables], rows: Array.from(res.time, (t, i) => [t, ...cols.map((c) => c[i]!)]) };
}

/** SBML Level 3 packages this simulator handles (for `isTimeCourse(info, { supportedPackages })`). */
export { EXOSIM_SUPPORTED_PACKAGES as supportedPackages } from './cases.js';

/** SimulateCase for runSuite and scripts/sbml-suite.ts. */
export const simulateCase: SimulateCase = (_caseDir, _id, settings, sbmlPath) =>
  simulateSbmlForSuite(readFileSync(sbmlPath, 'utf8'), settings, sbmlPath);

/**
 * `exosim steady-state <model>`: the steady state of a model (src/steady-state.ts) as a table on stdout
 * (`id  value  unit`), as JSON (--json), and/or as a one-row result file (--out file.csv|file.json, with the
 * run record beside it). Files are written atomically after the computation: a failure leaves existing
 * output files untouched.
 */
import { writeFileAtomic } from '../../src/io/atomic-write.js';
import { formatCsv } from '../../src/io/csv.js';
import { formatResultJson } from '../../src/io/json.js';
import { formatRunRecord, resultFormatFromPath, runRecordPath } from '../../src/io/run-record.js';
import type { SimulationResult } from '../../src/results.js';
import { steadyState, type ModelSteadyStateResult } from '../../src/steady-state.js';
import { type CliContext, EXIT_OK, FlagErrors, loadCompiledModel, parseNumberFlag, parseSetFlags, printDiagnostics, resolvePath } from './shared.js';

export interface SteadyStateFlags {
  set?: string[];
  rtol?: string;
  atol?: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

/** The steady state as a one-row SimulationResult (time = t0), for the CSV/JSON result writers. */
function asResult(r: ModelSteadyStateResult): SimulationResult {
  return {
    time: Float64Array.of(r.record.tStart),
    timeUnit: r.record.timeUnit,
    columns: r.columns,
    values: Array.from(r.values, (v) => Float64Array.of(v)),
    record: r.record,
  };
}

/** Aligned `id  value  unit` table (values with 10 significant digits). */
function formatTable(r: ModelSteadyStateResult): string {
  const rows = [['id', 'value', 'unit'], ...r.columns.map((c, k) => [c.id, formatValue(r.values[k]!), c.unit])];
  const w0 = Math.max(...rows.map((x) => x[0]!.length));
  const w1 = Math.max(...rows.map((x) => x[1]!.length));
  return rows.map(([id, v, u]) => `${id!.padEnd(w0)}  ${v!.padStart(w1)}  ${u}`).join('\n') + '\n';
}

function formatValue(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e6 || a < 1e-4 ? x.toExponential(9).replace(/\.?0+e/, 'e') : String(Number(x.toPrecision(10)));
}

export async function steadyStateCommand(ctx: CliContext, model: string, flags: SteadyStateFlags): Promise<number> {
  // 1. Flags: every problem at once, before touching the model.
  const errs = new FlagErrors();
  const rtol = parseNumberFlag(errs, '--rtol', flags.rtol, { positive: true });
  const atol = parseNumberFlag(errs, '--atol', flags.atol, { positive: true });
  const overrides = parseSetFlags(errs, flags.set ?? []);
  if (flags.out !== undefined && !resultFormatFromPath(flags.out)) {
    errs.add('--out', `output file '${flags.out}' must end in .csv or .json`, 'use e.g. --out steady.csv or --out steady.json');
  }
  errs.throwIfAny();

  // 2. Model and computation (ExosimError -> exit 2 in main).
  const m = await loadCompiledModel(ctx, model);
  const warnings = m.diagnostics.filter((d) => d.severity === 'warning');
  if (warnings.length && !flags.quiet) printDiagnostics(ctx, warnings);
  const r = steadyState(m.compiled, {
    overrides,
    ...(rtol !== undefined ? { rtol } : {}),
    ...(atol !== undefined ? { atol } : {}),
    modelText: m.text,
    modelFile: m.file,
    exosimVersion: ctx.version,
  });

  // 3. Files (atomic), then stdout.
  if (flags.out !== undefined) {
    const result = asResult(r);
    const text = resultFormatFromPath(flags.out) === 'json' ? formatResultJson(result) : formatCsv(result);
    await writeFileAtomic(resolvePath(ctx, flags.out), text);
    await writeFileAtomic(resolvePath(ctx, runRecordPath(flags.out)), formatRunRecord(r.record));
  }
  if (flags.json) {
    const out = {
      method: r.method,
      residual: r.residual,
      iterations: r.iterations,
      values: r.columns.map((c, k) => ({ id: c.id, unit: c.unit, kind: c.kind, value: r.values[k]! })),
      record: r.record,
    };
    ctx.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else {
    ctx.stdout.write(formatTable(r));
  }
  if (!flags.quiet) {
    ctx.stderr.write(
      `exosim: steady state: method ${r.method}, ${r.iterations} Newton iterations, weighted residual ${r.residual.toExponential(2)}` +
        (flags.out !== undefined ? `; wrote ${flags.out}, ${runRecordPath(flags.out)}` : '') +
        '\n',
    );
  }
  return EXIT_OK;
}

/**
 * `exosim compile <model> --emit model|flat|code`: print one stage of the pipeline as plain data.
 *   model: the loaded ModelDoc (YAML or JSON, default the input's format); for an SBML input, the SBML text itself
 *   flat:  the FlatModel as JSON (expressions printed, units as text, Maps as objects)
 *   code:  the generated kernel source
 */
import { stringify as yamlStringify } from 'yaml';
import type { Expr } from '../../src/expr/ast.js';
import { printExpression } from '../../src/expr/print.js';
import { diag, ExosimError, hasErrors } from '../../src/diagnostics.js';
import type { FlatModel } from '../../src/model/types.js';
import { type CliContext, EXIT_OK, FlagErrors, loadModel, printDiagnostics } from './shared.js';

export interface CompileFlags {
  emit?: string;
  format?: string;
}

const EXPR_KINDS = new Set(['num', 'bool', 'id', 'unary', 'binary', 'call']);

function isExpr(v: unknown): v is Expr {
  if (typeof v !== 'object' || v === null) return false;
  const k = (v as { kind?: unknown }).kind;
  return typeof k === 'string' && EXPR_KINDS.has(k) && ('value' in v || 'name' in v || 'arg' in v || 'left' in v || 'args' in v);
}

function isResolvedUnit(v: unknown): v is { text: string } {
  return typeof v === 'object' && v !== null && typeof (v as { text?: unknown }).text === 'string' && 'scale' in v && 'dims' in v;
}

/** FlatModel -> JSON-ready plain data: expressions as text, units as text, Maps as objects, typed arrays as arrays. */
export function flatToPlain(v: unknown): unknown {
  if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), flatToPlain(x)]));
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map(flatToPlain);
  if (isExpr(v)) return printExpression(v);
  if (isResolvedUnit(v)) return v.text;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = flatToPlain(x);
    return out;
  }
  return v;
}

export function formatFlatModel(flat: FlatModel): string {
  return JSON.stringify(flatToPlain(flat), null, 2) + '\n';
}

export async function compileCommand(ctx: CliContext, model: string, flags: CompileFlags): Promise<number> {
  const errs = new FlagErrors();
  const emit = flags.emit ?? 'flat';
  if (!['model', 'flat', 'code'].includes(emit)) errs.add('--emit', `unknown stage '${emit}'`, 'use --emit model, --emit flat or --emit code');
  if (flags.format !== undefined && !['yaml', 'json'].includes(flags.format)) errs.add('--format', `unknown format '${flags.format}'`, 'use --format yaml or --format json');
  errs.throwIfAny();

  const m = await loadModel(ctx, model);
  const failed = (what: string): ExosimError =>
    new ExosimError(m.diagnostics.length ? m.diagnostics : [diag('E_COMPILE', `model '${model}': no ${what} was produced`, { file: model })]);
  // The document stage only needs the model to load; later stages need it error-free.
  if (emit === 'model') {
    if (m.format === 'sbml') {
      // An SBML input has no ExoSim document: the model stage is the SBML text as read (XML, --format ignored).
      if (hasErrors(m.diagnostics) && !m.flat) throw failed('document');
      printDiagnostics(ctx, m.diagnostics);
      if (flags.format !== undefined) ctx.stderr.write(`exosim: --format ${flags.format} ignored: '${model}' is SBML; printing the SBML document as read\n`);
      ctx.stdout.write(m.text.endsWith('\n') ? m.text : m.text + '\n');
      return EXIT_OK;
    }
    const doc = m.loaded?.doc;
    if (!doc) throw failed('document');
    printDiagnostics(ctx, m.diagnostics);
    const format = flags.format ?? m.format;
    ctx.stdout.write(format === 'yaml' ? yamlStringify(doc) : JSON.stringify(doc, null, 2) + '\n');
    return EXIT_OK;
  }
  if (hasErrors(m.diagnostics)) throw failed(emit === 'flat' ? 'flat model' : 'code');
  printDiagnostics(ctx, m.diagnostics);
  if (emit === 'flat') {
    const flat = m.flat ?? m.compiled?.flat;
    if (!flat) throw failed('flat model');
    ctx.stdout.write(formatFlatModel(flat));
    return EXIT_OK;
  }
  if (!m.compiled) throw failed('code');
  const code = m.compiled.code;
  ctx.stdout.write(code.endsWith('\n') ? code : code + '\n');
  return EXIT_OK;
}

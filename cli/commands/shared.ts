/**
 * Shared pieces of the CLI commands: the I/O context, flag parsing with diagnostics, model loading and
 * diagnostic printing. Commands throw ExosimError for user errors; cli/main.ts turns them into exit code 2.
 */
import { externalReaderFor } from '../../src/io/sbml-external.js';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diag, ExosimError, formatDiagnostic, type Diagnostic, hasErrors } from '../../src/diagnostics.js';
import { readModelFile } from '../../src/io/atomic-write.js';
import { compileModelText } from '../../src/pipeline.js';

export interface Writable {
  write(s: string): unknown;
}

export interface CliContext {
  stdout: Writable;
  stderr: Writable;
  /** Directory relative paths are resolved from. */
  cwd: string;
  /** Whether stderr is a terminal (progress bars only then). */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** Version of this package (package.json). */
  version: string;
  /** Whether the process may install a SIGINT handler (only when running as the real `exosim` process). */
  handleSignals: boolean;
}

/** Exit codes: 0 ok, 2 user error (bad input, flags, files), 70 internal error, 130 cancelled by SIGINT. */
export const EXIT_OK = 0;
export const EXIT_USER = 2;
export const EXIT_INTERNAL = 70;
export const EXIT_CANCELLED = 130;

/** Version from the nearest package.json named exosim above this module (works from cli/ and dist/cli/). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'exosim' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here; go up
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return '0.0.0';
}

export function resolvePath(ctx: CliContext, p: string): string {
  return isAbsolute(p) ? p : resolve(ctx.cwd, p);
}

/** Print diagnostics (errors and warnings) on stderr, one formatDiagnostic block each. */
export function printDiagnostics(ctx: CliContext, ds: readonly Diagnostic[]): void {
  for (const d of ds) ctx.stderr.write(formatDiagnostic(d) + '\n');
}

// ----------------------------------------------------------------------------------------------------------
// Flags
// ----------------------------------------------------------------------------------------------------------

/** Collects flag problems so that every bad flag is reported at once. */
export class FlagErrors {
  readonly list: Diagnostic[] = [];
  add(flag: string, message: string, hint: string): void {
    this.list.push(diag('E_FLAG', `${flag}: ${message}`, { hint }));
  }
  throwIfAny(): void {
    if (this.list.length) throw new ExosimError(this.list);
  }
}

/** A finite number (decimal or exponent notation); NaN-producing text is refused. */
export function parseNumberFlag(errs: FlagErrors, flag: string, value: string | undefined, opts: { positive?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  const s = value.trim();
  const x = s === '' ? NaN : Number(s);
  if (!Number.isFinite(x)) {
    errs.add(flag, `expected a number, got '${value}'`, `give a finite number, e.g. ${flag} 1e-6`);
    return undefined;
  }
  if (opts.positive && !(x > 0)) {
    errs.add(flag, `must be positive, got ${value}`, `give a number > 0, e.g. ${flag} 1e-6`);
    return undefined;
  }
  return x;
}

export function parsePositiveIntegerFlag(errs: FlagErrors, flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const s = value.trim();
  if (!/^\+?\d+$/.test(s) || !(Number(s) >= 1) || !Number.isSafeInteger(Number(s))) {
    errs.add(flag, `must be a positive integer, got '${value}'`, `give the number of output intervals, e.g. ${flag} 100`);
    return undefined;
  }
  return Number(s);
}

/** `--set id=value` (repeatable): parameter overrides in the parameter's declared unit. */
export function parseSetFlags(errs: FlagErrors, values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    const id = eq > 0 ? v.slice(0, eq).trim() : '';
    const num = eq > 0 ? v.slice(eq + 1).trim() : '';
    const x = num === '' ? NaN : Number(num);
    if (!id || !Number.isFinite(x)) {
      errs.add('--set', `expected id=number, got '${v}'`, 'write e.g. --set k_deg=0.1 (value in the parameter\'s declared unit)');
      continue;
    }
    out[id] = x;
  }
  return out;
}

/**
 * `--setting name=value` (repeatable): solver settings. Numbers, true/false and text are passed through; the
 * solver's descriptor validates names, types and ranges.
 */
export function parseSettingFlags(errs: FlagErrors, values: readonly string[]): Record<string, number | boolean | string> {
  const out: Record<string, number | boolean | string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    const name = eq > 0 ? v.slice(0, eq).trim() : '';
    const raw = eq > 0 ? v.slice(eq + 1).trim() : '';
    if (!name || raw === '') {
      errs.add('--setting', `expected name=value, got '${v}'`, "write e.g. --setting maxSteps=1000000 (see 'exosim solvers' for each solver's settings)");
      continue;
    }
    const x = Number(raw);
    out[name] = raw === 'true' ? true : raw === 'false' ? false : Number.isFinite(x) ? x : raw;
  }
  return out;
}

/** Comma-separated list (`--species a,b`), empty items dropped. */
export function parseListFlag(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

// ----------------------------------------------------------------------------------------------------------
// Models
// ----------------------------------------------------------------------------------------------------------

/** `path`: the file's resolved path (for files an SBML comp model names next to it). */
export type Compiled = ReturnType<typeof compileModelText> & { text: string; file: string; path: string; format: 'yaml' | 'json' | 'sbml' };

/** What a command needs compiled: no analytic Jacobian when it only inspects the model; the interpreter back end. */
export interface CompileChoices {
  jacobian?: boolean;
  codegen?: 'js' | 'interpret';
}

/**
 * Read and compile a model file: an ExoSim model (*.yaml, *.yml, *.json) or an SBML document (*.xml, *.sbml, or
 * any file whose text starts with `<?xml` / `<sbml`; `loaded` is then absent). Diagnostics name the file as the user wrote it. Throws ExosimError when the
 * file cannot be read or the model has errors (carrying every diagnostic, warnings included).
 */
export async function loadModel(ctx: CliContext, userPath: string, compile: CompileChoices = {}): Promise<Compiled> {
  const abs = resolvePath(ctx, userPath);
  const { text, format } = await readModelFile(abs, { displayName: userPath });
  const out = compileModelText(text, { file: userPath, format, ...compile, ...(format === 'sbml' ? { readExternal: externalReaderFor(abs) } : {}) });
  const diagnostics = out.diagnostics.map((d) => (d.file === undefined ? { ...d, file: userPath } : d));
  return { ...out, diagnostics, text, file: userPath, path: abs, format };
}

/** Like loadModel, but throws ExosimError unless a compiled model came out without errors. */
export async function loadCompiledModel(
  ctx: CliContext,
  userPath: string,
  compile: CompileChoices = {},
): Promise<Compiled & { compiled: NonNullable<Compiled['compiled']> }> {
  const m = await loadModel(ctx, userPath, compile);
  if (hasErrors(m.diagnostics) || !m.compiled) {
    throw new ExosimError(
      m.diagnostics.length
        ? m.diagnostics
        : [diag('E_COMPILE', `model '${userPath}' could not be compiled`, { file: userPath, hint: 'run exosim validate on it' })],
    );
  }
  return m as Compiled & { compiled: NonNullable<Compiled['compiled']> };
}

/**
 * Errors are data (design/errors-are-data.md): every problem found in user input is a Diagnostic with a
 * stable code, a location (file, line, column, path inside the model), a message and a hint saying what to do.
 * Library code collects all problems and never prints or exits; the CLI turns them into messages and exit codes.
 */

export type Severity = 'error' | 'warning';

export interface SourceLocation {
  /** File the problem is in, when known (set by the loader). */
  file?: string;
  /** 1-based line number in the file. */
  line?: number;
  /** 1-based column number in the file. */
  column?: number;
}

export interface Diagnostic extends SourceLocation {
  /** Stable machine-readable code, e.g. `E_UNKNOWN_SPECIES`. Codes starting with `W_` are warnings. */
  code: string;
  severity: Severity;
  /** One sentence: what is wrong, naming the offending ids and values. */
  message: string;
  /** What to do about it. */
  hint?: string;
  /** Path inside the model document, e.g. `['reactions', 2, 'rate']`. */
  path?: (string | number)[];
}

/** Thrown by library entry points when input has errors; carries every diagnostic collected. */
export class ExosimError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[], message?: string) {
    const first = diagnostics[0];
    super(message ?? (first ? `${first.code}: ${first.message}` : 'invalid input'));
    this.name = 'ExosimError';
    this.diagnostics = diagnostics;
  }
}

export function isExosimError(e: unknown): e is ExosimError {
  return e instanceof ExosimError;
}

/** Builder helper: `diag('E_X', 'message', { hint, path })`. */
export function diag(
  code: string,
  message: string,
  extra: Omit<Partial<Diagnostic>, 'code' | 'message'> = {},
): Diagnostic {
  return { code, message, severity: code.startsWith('W_') ? 'warning' : 'error', ...extra };
}

/** Render a diagnostic as `file:line:col: error E_CODE: message\n  hint: ...` for terminals and logs. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}: ` : '';
  const path = d.path && d.path.length ? ` (at ${d.path.join('.')})` : '';
  let s = `${where}${d.severity} ${d.code}: ${d.message}${path}`;
  if (d.hint) s += `\n  fix: ${d.hint}`;
  return s;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/**
 * Readers for the three text files of an SBML Test Suite semantic case (sbmlteam/sbml-test-suite,
 * `cases/semantic/README.md`, "The format of the settings file", "The format of the results file",
 * "The format of the model description (.m) file"):
 *
 * - `NNNNN-settings.txt`: `key: value` lines (start, duration, steps, variables, absolute, relative, amount,
 *   concentration). FluxBalanceSteadyState cases leave start/duration/steps empty.
 * - `NNNNN-results.csv`: optional header `time,<variables>`, then one row per output time. Besides ordinary
 *   decimal numbers (including forms such as `1.` and `1.e-15`) the suite writes `INF`, `-INF` and `NaN`.
 * - `NNNNN-model.m`: a Mathematica comment `(* ... *)` whose first lines are `key: value` fields
 *   (category, synopsis, componentTags, testTags, testType, levels, generatedBy, packagesPresent).
 *
 * These are pure text functions: no file system access. Malformed input raises an `ExosimError` carrying
 * every problem found as a Diagnostic (file, line, message, fix).
 */
import { diag, ExosimError, type Diagnostic } from '../../diagnostics.js';

/** Simulation and comparison settings of one case. */
export interface SuiteSettings {
  /** Output start time; null when the line is empty (FluxBalanceSteadyState cases). */
  start: number | null;
  /** Length of the simulated interval in model time units; null when empty (FBA cases). */
  duration: number | null;
  /** Number of output intervals: the results have steps + 1 rows; null when empty (FBA cases). */
  steps: number | null;
  /** Output variables (model ids) in column order, without `time`. */
  variables: string[];
  /** Absolute tolerance T_a of the pass rule |C - U| <= T_a + T_r |U|. */
  absolute: number;
  /** Relative tolerance T_r of the pass rule. */
  relative: number;
  /** Species reported in amount units. */
  amount: string[];
  /** Species reported in concentration units. */
  concentration: string[];
}

/** A numeric table: header names and rows of numbers (NaN and +/-Infinity allowed). */
export interface NumericTable {
  header: string[];
  rows: number[][];
}

/** The description block of `NNNNN-model.m`. */
export interface ModelDescription {
  category?: string;
  synopsis: string;
  componentTags: string[];
  testTags: string[];
  /** `TimeCourse` or `FluxBalanceSteadyState` (empty string when the field is missing). */
  testType: string;
  /** SBML Level.Version combinations the case exists in, e.g. `['2.4', '3.1']`. */
  levels: string[];
  generatedBy?: string;
  /** SBML Level 3 packages used (`comp`, `fbc`, `fbc_v1`, `fbc_v2`); undefined when the field is absent. */
  packagesPresent?: string[];
}

const SETTINGS_KEYS = ['start', 'duration', 'steps', 'variables', 'absolute', 'relative', 'amount', 'concentration'] as const;
type SettingsKey = (typeof SETTINGS_KEYS)[number];

/** Split a comma-separated list, trimming blanks and dropping empty items. */
function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Strict decimal number (optionally signed, optional exponent; `1.` and `.5` allowed). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parse one numeric token as the suite writes it: decimal, `INF`/`-INF`/`+INF` (also `Inf`, `Infinity`,
 * any case) and `NaN` (any case). Returns undefined for anything else (including the empty string).
 */
export function parseSuiteNumber(token: string): number | undefined {
  const t = token.trim();
  if (DECIMAL.test(t)) return Number(t);
  const m = /^([+-]?)(inf|infinity|nan)$/i.exec(t);
  if (!m) return undefined;
  if (m[2]!.toLowerCase() === 'nan') return Number.NaN;
  return m[1] === '-' ? -Infinity : Infinity;
}

/**
 * Parse `NNNNN-settings.txt`. Throws ExosimError listing every problem (unknown keys are warnings and do not
 * throw; missing or malformed values, duplicate keys, and amount/concentration ids that are not in
 * `variables` are errors).
 */
export function parseSettings(text: string, file?: string): SuiteSettings {
  const where = (line?: number): { file?: string; line?: number } => ({
    ...(file !== undefined ? { file } : {}),
    ...(line !== undefined ? { line } : {}),
  });
  const ds: Diagnostic[] = [];
  const seen = new Map<SettingsKey, { value: string; line: number }>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '') return;
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:(.*)$/.exec(raw);
    if (!m) {
      ds.push(
        diag('E_SBML_SUITE_SETTINGS_SYNTAX', `line is not of the form "key: value": ${JSON.stringify(raw.trim())}`, {
          ...where(lineNo),
          hint: 'Each line of a settings file is "key: value" with key one of ' + SETTINGS_KEYS.join(', ') + '.',
        }),
      );
      return;
    }
    const key = m[1]!;
    const value = m[2]!.trim();
    if (!(SETTINGS_KEYS as readonly string[]).includes(key)) {
      ds.push(
        diag('W_SBML_SUITE_SETTINGS_UNKNOWN_KEY', `unknown settings key "${key}" ignored`, {
          ...where(lineNo),
          hint: 'Known keys: ' + SETTINGS_KEYS.join(', ') + '.',
        }),
      );
      return;
    }
    const k = key as SettingsKey;
    const prev = seen.get(k);
    if (prev) {
      ds.push(
        diag('E_SBML_SUITE_SETTINGS_DUPLICATE', `key "${k}" is given twice (first on line ${prev.line})`, {
          ...where(lineNo),
          hint: `Keep a single "${k}:" line.`,
        }),
      );
      return;
    }
    seen.set(k, { value, line: lineNo });
  });

  for (const k of ['variables', 'absolute', 'relative'] as const) {
    if (!seen.has(k)) {
      ds.push(
        diag('E_SBML_SUITE_SETTINGS_MISSING', `required key "${k}" is missing`, {
          ...where(),
          hint: `Add a line "${k}: ..." (see the SBML Test Suite semantic README, "The format of the settings file").`,
        }),
      );
    }
  }

  /** Numeric field: empty allowed when `optional`; must be finite and satisfy `check`. */
  const num = (k: SettingsKey, optional: boolean, check: (x: number) => string | undefined): number | null => {
    const e = seen.get(k);
    if (!e || e.value === '') {
      if (!optional && e) {
        ds.push(
          diag('E_SBML_SUITE_SETTINGS_VALUE', `"${k}" has no value`, { ...where(e.line), hint: `Give a number after "${k}:".` }),
        );
      }
      return null;
    }
    const x = parseSuiteNumber(e.value);
    if (x === undefined || !Number.isFinite(x)) {
      ds.push(
        diag('E_SBML_SUITE_SETTINGS_VALUE', `"${k}" is not a finite number: ${JSON.stringify(e.value)}`, {
          ...where(e.line),
          hint: `Write "${k}:" followed by a decimal number such as 0.0001 or 1e-7.`,
        }),
      );
      return null;
    }
    const problem = check(x);
    if (problem) {
      ds.push(diag('E_SBML_SUITE_SETTINGS_VALUE', `"${k}" ${problem}: ${e.value}`, { ...where(e.line), hint: `Correct "${k}".` }));
      return null;
    }
    return x;
  };
  const nonNeg = (x: number): string | undefined => (x < 0 ? 'must not be negative' : undefined);

  const start = num('start', true, () => undefined);
  const duration = num('duration', true, (x) => (x < 0 ? 'must not be negative' : undefined));
  const steps = num('steps', true, (x) => (!Number.isInteger(x) || x < 1 ? 'must be a positive integer' : undefined));
  const absolute = num('absolute', false, nonNeg);
  const relative = num('relative', false, nonNeg);
  const variables = splitList(seen.get('variables')?.value ?? '');
  const amount = splitList(seen.get('amount')?.value ?? '');
  const concentration = splitList(seen.get('concentration')?.value ?? '');

  const vars = new Set(variables);
  const dupVar = variables.find((v, i) => variables.indexOf(v) !== i);
  if (dupVar !== undefined) {
    ds.push(
      diag('E_SBML_SUITE_SETTINGS_VALUE', `variable "${dupVar}" is listed twice in "variables"`, {
        ...where(seen.get('variables')?.line),
        hint: 'List each output variable once.',
      }),
    );
  }
  for (const k of ['amount', 'concentration'] as const) {
    const list = k === 'amount' ? amount : concentration;
    for (const id of list) {
      if (!vars.has(id)) {
        ds.push(
          diag('E_SBML_SUITE_SETTINGS_VALUE', `"${k}" lists "${id}", which is not in "variables"`, {
            ...where(seen.get(k)?.line),
            hint: `"${k}" must be a subset of "variables": add "${id}" to "variables" or remove it from "${k}".`,
          }),
        );
      }
    }
  }
  const both = amount.find((id) => concentration.includes(id));
  if (both !== undefined) {
    ds.push(
      diag('E_SBML_SUITE_SETTINGS_VALUE', `"${both}" is listed both as amount and as concentration`, {
        ...where(seen.get('concentration')?.line),
        hint: 'A species is reported either as an amount or as a concentration; remove it from one list.',
      }),
    );
  }

  if (ds.some((d) => d.severity === 'error')) throw new ExosimError(ds);
  return {
    start,
    duration,
    steps,
    variables,
    absolute: absolute ?? 0,
    relative: relative ?? 0,
    amount,
    concentration,
  };
}

/**
 * Parse a results CSV (`NNNNN-results.csv` or a simulator's output in the same format). The first line is a
 * header when its first field is not a number; otherwise `header` is `[]` and the caller takes the column
 * names from the settings (`time` then `variables`). Every row must have as many fields as the first row.
 */
export function readResultsCsv(text: string, file?: string): NumericTable {
  const ds: Diagnostic[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  const at = (line: number, column?: number): { file?: string; line: number; column?: number } => ({
    ...(file !== undefined ? { file } : {}),
    line,
    ...(column !== undefined ? { column } : {}),
  });
  let header: string[] = [];
  const rows: number[][] = [];
  let width: number | undefined;
  let first = true;
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const fields = raw.split(',').map((f) => f.trim());
    if (first) {
      first = false;
      if (parseSuiteNumber(fields[0] ?? '') === undefined) {
        header = fields;
        width = fields.length;
        const emptyAt = fields.findIndex((f) => f === '');
        if (emptyAt >= 0) {
          ds.push(
            diag('E_SBML_SUITE_RESULTS_HEADER', `header column ${emptyAt + 1} has no name`, {
              ...at(i + 1),
              hint: 'The header is "time,<variable ids>" with no empty names.',
            }),
          );
        }
        return;
      }
    }
    if (width === undefined) width = fields.length;
    if (fields.length !== width) {
      ds.push(
        diag('E_SBML_SUITE_RESULTS_WIDTH', `row has ${fields.length} fields, expected ${width}`, {
          ...at(i + 1),
          hint: 'Every row needs one value per header column (time first).',
        }),
      );
      return;
    }
    const row: number[] = [];
    let col = 1;
    for (const f of fields) {
      const x = parseSuiteNumber(f);
      if (x === undefined) {
        ds.push(
          diag('E_SBML_SUITE_RESULTS_NUMBER', `value ${JSON.stringify(f)} is not a number`, {
            ...at(i + 1, col),
            hint: 'Write decimal numbers (1.5e-4), INF, -INF or NaN.',
          }),
        );
        row.push(Number.NaN);
      } else row.push(x);
      col += f.length + 1;
    }
    rows.push(row);
  });
  if (ds.length > 0) throw new ExosimError(ds);
  return { header, rows };
}

const MODEL_KEYS = ['category', 'synopsis', 'componentTags', 'testTags', 'testType', 'levels', 'generatedBy', 'packagesPresent'];

/**
 * Parse the description fields at the top of `NNNNN-model.m`. Only the text inside the first `(* ... *)`
 * comment is read; a field runs until the next field or a blank line (so multi-line synopses are joined with
 * single spaces). Field names are matched even when indented. Throws ExosimError when there is no comment or
 * none of componentTags/testType is present.
 */
export function parseModelDescription(text: string, file?: string): ModelDescription {
  const open = text.indexOf('(*');
  const close = open >= 0 ? text.indexOf('*)', open + 2) : -1;
  const where = file !== undefined ? { file } : {};
  if (open < 0 || close < 0) {
    throw new ExosimError([
      diag('E_SBML_SUITE_MODEL_DESCRIPTION', 'no "(* ... *)" description comment found', {
        ...where,
        hint: 'An SBML Test Suite model.m file starts with a Mathematica comment holding "componentTags:", "testTags:", "testType:" etc.',
      }),
    ]);
  }
  const body = text.slice(open + 2, close);
  const fields = new Map<string, string>();
  let current: string | undefined;
  for (const raw of body.split(/\r?\n|\r/)) {
    const m = /^\s*([A-Za-z]+)\s*:(.*)$/.exec(raw);
    if (m && MODEL_KEYS.includes(m[1]!)) {
      current = fields.has(m[1]!) ? undefined : m[1]!;
      if (current) fields.set(current, m[2]!.trim());
      continue;
    }
    if (raw.trim() === '') {
      // A blank line ends the current field; the block of fields ends at the first blank line after one.
      if (fields.size > 0) break;
      current = undefined;
      continue;
    }
    if (current) fields.set(current, `${fields.get(current)!} ${raw.trim()}`.trim());
  }
  if (!fields.has('componentTags') && !fields.has('testType')) {
    throw new ExosimError([
      diag('E_SBML_SUITE_MODEL_DESCRIPTION', 'the description comment has neither "componentTags:" nor "testType:"', {
        ...where,
        hint: 'Put the fields "componentTags:", "testTags:" and "testType:" at the top of the (* ... *) comment.',
      }),
    ]);
  }
  const d: ModelDescription = {
    synopsis: fields.get('synopsis') ?? '',
    componentTags: splitList(fields.get('componentTags') ?? ''),
    testTags: splitList(fields.get('testTags') ?? ''),
    testType: fields.get('testType') ?? '',
    levels: splitList(fields.get('levels') ?? ''),
  };
  const category = fields.get('category');
  if (category !== undefined) d.category = category;
  const generatedBy = fields.get('generatedBy');
  if (generatedBy !== undefined) d.generatedBy = generatedBy;
  const packages = fields.get('packagesPresent');
  if (packages !== undefined) d.packagesPresent = splitList(packages);
  return d;
}

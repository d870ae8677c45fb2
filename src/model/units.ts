/**
 * Units: parse unit strings (`nM`, `1/s`, `M^-1*s^-1`, `molecule/cell`, `mol L^-1`, `1/(M*s)`) into a scale
 * to SI-coherent base units (s, m, mol, kg, cell, exosome) and a dimension vector
 * [time, length, substance, mass, cell, exosome]. Pure functions, no state.
 *
 * Grammar (whitespace and `*` both multiply; `/` divides by the next factor only, so `L/mol/s` = L mol^-1 s^-1):
 *   unit    := term (('*' | '/' | ' ') term)*   |  '/' is not allowed at the start
 *   term    := factor ('^' ['+'|'-'] integer)?
 *   factor  := name | '1' | '(' unit ')'
 */
import type { ResolvedUnit } from './types.js';

export type Dims = ResolvedUnit['dims'];

/** Avogadro constant, 1/mol (exact, SI 2019). */
export const AVOGADRO = 6.02214076e23;

export const DIM_NAMES = ['time', 'length', 'substance', 'mass', 'cell', 'exosome'] as const;

const ZERO: Dims = [0, 0, 0, 0, 0, 0];

export const DIMENSIONLESS: ResolvedUnit = { text: 'dimensionless', scale: 1, dims: ZERO };

function d(t: number, l: number, n: number, m: number, c: number, e: number): Dims {
  return [t, l, n, m, c, e];
}

interface UnitDef {
  scale: number;
  dims: Dims;
}

/** SI prefixes used with the units below. `u` and both micro signs mean micro. */
const PREFIXES: Record<string, number> = {
  '': 1, k: 1e3, m: 1e-3, u: 1e-6, 'µ': 1e-6, 'μ': 1e-6, n: 1e-9, p: 1e-12, f: 1e-15, a: 1e-18,
};

function buildTable(): Map<string, UnitDef> {
  const t = new Map<string, UnitDef>();
  const add = (names: string[], scale: number, dims: Dims) => {
    for (const n of names) t.set(n, { scale, dims });
  };
  const SUB = d(0, 0, 1, 0, 0, 0);
  const LEN = d(0, 1, 0, 0, 0, 0);
  const VOL = d(0, 3, 0, 0, 0, 0);
  const CONC = d(0, -3, 1, 0, 0, 0);
  const MASS = d(0, 0, 0, 1, 0, 0);
  // Substance: mol with prefixes (mol, mmol, umol, nmol, pmol, fmol, amol).
  for (const [p, s] of Object.entries(PREFIXES)) if (p !== 'k') add([`${p}mol`], s, SUB);
  add(['mole', 'moles'], 1, SUB);
  // Counts of molecules: 1 molecule = 1/N_A mol.
  add(['molecule', 'molecules', 'copy', 'copies', 'particle', 'particles', 'item', 'items'], 1 / AVOGADRO, SUB);
  // Molar concentration: M = mol/L = 1e3 mol/m^3.
  for (const [p, s] of Object.entries(PREFIXES)) if (p !== 'k') add([`${p}M`], s * 1e3, CONC);
  // Volume: litre = 1e-3 m^3.
  for (const [p, s] of Object.entries(PREFIXES)) if (p !== 'k' && p !== 'a') add([`${p}L`, `${p}l`], s * 1e-3, VOL);
  add(['litre', 'liter', 'litres', 'liters'], 1e-3, VOL);
  // Length: metre.
  add(['m', 'metre', 'meter'], 1, LEN);
  add(['km'], 1e3, LEN);
  add(['cm'], 1e-2, LEN);
  add(['mm'], 1e-3, LEN);
  add(['um', 'µm', 'μm', 'micron', 'microns'], 1e-6, LEN);
  add(['nm'], 1e-9, LEN);
  // Time.
  add(['s', 'sec', 'second', 'seconds'], 1, d(1, 0, 0, 0, 0, 0));
  add(['ms'], 1e-3, d(1, 0, 0, 0, 0, 0));
  add(['min', 'minute', 'minutes'], 60, d(1, 0, 0, 0, 0, 0));
  add(['h', 'hr', 'hour', 'hours'], 3600, d(1, 0, 0, 0, 0, 0));
  add(['d', 'day', 'days'], 86400, d(1, 0, 0, 0, 0, 0));
  add(['week', 'weeks'], 7 * 86400, d(1, 0, 0, 0, 0, 0));
  // Mass: SI base is kg.
  add(['kg'], 1, MASS);
  add(['g'], 1e-3, MASS);
  add(['mg'], 1e-6, MASS);
  add(['ug', 'µg', 'μg'], 1e-9, MASS);
  add(['ng'], 1e-12, MASS);
  add(['pg'], 1e-15, MASS);
  // Biological counts with their own dimensions.
  add(['cell', 'cells'], 1, d(0, 0, 0, 0, 1, 0));
  add(['exosome', 'exosomes', 'EV', 'EVs', 'vesicle', 'vesicles'], 1, d(0, 0, 0, 0, 0, 1));
  add(['dimensionless', '1'], 1, ZERO);
  return t;
}

const TABLE = buildTable();

/** All unit names the parser knows (for docs and "did you mean"). */
export function knownUnitNames(): string[] {
  return [...TABLE.keys()];
}

export function dimsEqual(a: Dims, b: Dims): boolean {
  for (let i = 0; i < 6; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function isDimensionless(dims: Dims): boolean {
  return dimsEqual(dims, ZERO);
}

function addDims(a: Dims, b: Dims, sign = 1): Dims {
  // `|| 0` turns -0 into 0 so that dimension vectors compare and print cleanly.
  return [a[0] + sign * b[0] || 0, a[1] + sign * b[1] || 0, a[2] + sign * b[2] || 0, a[3] + sign * b[3] || 0, a[4] + sign * b[4] || 0, a[5] + sign * b[5] || 0];
}

export function scaleDims(a: Dims, k: number): Dims {
  return [a[0] * k || 0, a[1] * k || 0, a[2] * k || 0, a[3] * k || 0, a[4] * k || 0, a[5] * k || 0];
}

export function mulDims(a: Dims, b: Dims): Dims {
  return addDims(a, b, 1);
}

export function divDims(a: Dims, b: Dims): Dims {
  return addDims(a, b, -1);
}

export function multiplyUnits(a: ResolvedUnit, b: ResolvedUnit): ResolvedUnit {
  return { text: `${a.text}*${b.text}`, scale: a.scale * b.scale, dims: mulDims(a.dims, b.dims) };
}

export function divideUnits(a: ResolvedUnit, b: ResolvedUnit): ResolvedUnit {
  const bt = /[*/ ]/.test(b.text) ? `(${b.text})` : b.text;
  return { text: `${a.text}/${bt}`, scale: a.scale / b.scale, dims: divDims(a.dims, b.dims) };
}

export function powUnit(a: ResolvedUnit, k: number): ResolvedUnit {
  const at = /[*/ ]/.test(a.text) ? `(${a.text})` : a.text;
  return { text: `${at}^${k}`, scale: Math.pow(a.scale, k), dims: scaleDims(a.dims, k) };
}

/**
 * Human-readable dimensions, e.g. `substance/time`, `substance/volume`, `1/(substance*time)`. Length^3 is
 * shown as `volume`.
 */
export function formatDims(dims: Dims): string {
  const num: string[] = [];
  const den: string[] = [];
  const push = (name: string, k: number) => {
    if (k > 0) num.push(k === 1 ? name : `${name}^${k}`);
    else if (k < 0) den.push(k === -1 ? name : `${name}^${-k}`);
  };
  dims.forEach((k, i) => {
    const name = DIM_NAMES[i]!;
    if (name === 'length' && k % 3 === 0 && k !== 0) push('volume', k / 3);
    else push(name, k);
  });
  if (num.length === 0 && den.length === 0) return 'dimensionless';
  const n = num.length ? num.join('*') : '1';
  if (!den.length) return n;
  return `${n}/${den.length > 1 ? `(${den.join('*')})` : den[0]}`;
}

/** Factor f such that value_in_`to` = f * value_in_`from`. Throws when the dimensions differ. */
export function conversionFactor(from: ResolvedUnit, to: ResolvedUnit): number {
  if (!dimsEqual(from.dims, to.dims)) {
    throw new Error(`cannot convert ${from.text} (${formatDims(from.dims)}) to ${to.text} (${formatDims(to.dims)})`);
  }
  return from.scale / to.scale;
}

/** Levenshtein distance (for "did you mean" hints). */
export function editDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0.5 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[n]!;
}

/** Up to `max` candidates closest to `name` (edit distance at most max(2, len/3)). */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const scored: [string, number][] = [];
  for (const c of new Set(candidates)) {
    const dist = editDistance(name, c);
    if (dist <= limit) scored.push([c, dist]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, max).map((s) => s[0]);
}

type ParseOk = { ok: true; unit: ResolvedUnit };
type ParseErr = { ok: false; message: string; hint?: string };

class UnitParseError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** Parse a unit string. Never throws. */
export function parseUnit(text: string): ParseOk | ParseErr {
  const src = text.trim();
  if (src === '') return { ok: false, message: 'empty unit', hint: 'write e.g. `nM`, `1/s`, `molecule/cell` or `dimensionless`' };
  let pos = 0;
  const peek = () => src[pos];
  const skipWs = () => {
    while (pos < src.length && (src[pos] === ' ' || src[pos] === '\t')) pos++;
  };
  const isNameChar = (c: string | undefined) => c !== undefined && /[A-Za-zµμ_]/.test(c);

  const parseFactor = (): UnitDef => {
    skipWs();
    const c = peek();
    if (c === '(') {
      pos++;
      const u = parseProduct();
      skipWs();
      if (peek() !== ')') throw new UnitParseError(`missing ')' in unit '${src}'`);
      pos++;
      return u;
    }
    if (c !== undefined && /[0-9]/.test(c)) {
      const start = pos;
      while (pos < src.length && /[0-9.eE]/.test(src[pos]!)) pos++;
      const num = Number(src.slice(start, pos));
      if (num !== 1) {
        throw new UnitParseError(`numeric factor '${src.slice(start, pos)}' in unit '${src}'`,
          'only `1` may appear as a number in a unit (as in `1/s`); put scale factors into the value');
      }
      return { scale: 1, dims: ZERO };
    }
    if (isNameChar(c)) {
      const start = pos;
      while (pos < src.length && isNameChar(src[pos])) pos++;
      const name = src.slice(start, pos);
      const def = TABLE.get(name);
      if (!def) {
        const close = closestNames(name, TABLE.keys());
        throw new UnitParseError(`unknown unit '${name}' in '${src}'`,
          close.length ? `did you mean ${close.map((x) => `'${x}'`).join(', ')}?` :
            'known units include mol, nmol, molecule, M, nM, L, fL, um, s, min, h, day, g, cell, exosome, dimensionless');
      }
      return def;
    }
    throw new UnitParseError(c === undefined ? `unit '${src}' ends unexpectedly` : `unexpected '${c}' in unit '${src}'`);
  };

  const parseTerm = (): UnitDef => {
    const f = parseFactor();
    skipWs();
    if (peek() === '^' || (peek() === '*' && src[pos + 1] === '*')) {
      pos += peek() === '^' ? 1 : 2;
      skipWs();
      const m = /^[+-]?\d+/.exec(src.slice(pos));
      if (!m) throw new UnitParseError(`expected an integer power after '^' in unit '${src}'`);
      pos += m[0].length;
      const k = Number(m[0]);
      return { scale: Math.pow(f.scale, k), dims: scaleDims(f.dims, k) };
    }
    return f;
  };

  const parseProduct = (): UnitDef => {
    skipWs();
    if (peek() === '/') throw new UnitParseError(`unit '${src}' starts with '/'`, `write '1${src.slice(pos)}'`);
    let acc = parseTerm();
    for (;;) {
      const before = pos;
      skipWs();
      const c = peek();
      if (c === undefined || c === ')') return acc;
      if (c === '/') {
        pos++;
        const t = parseTerm();
        acc = { scale: acc.scale / t.scale, dims: divDims(acc.dims, t.dims) };
      } else if (c === '*' || c === '·' || c === '.') {
        pos++;
        const t = parseTerm();
        acc = { scale: acc.scale * t.scale, dims: mulDims(acc.dims, t.dims) };
      } else if (pos > before || src[pos - 1] === ' ' || src[pos - 1] === '\t') {
        // whitespace-separated product: `mol L^-1`
        const t = parseTerm();
        acc = { scale: acc.scale * t.scale, dims: mulDims(acc.dims, t.dims) };
      } else {
        throw new UnitParseError(`unexpected '${c}' in unit '${src}'`);
      }
    }
  };

  try {
    const u = parseProduct();
    skipWs();
    if (pos < src.length) throw new UnitParseError(`unexpected '${src[pos]}' in unit '${src}'`);
    return { ok: true, unit: { text: src, scale: u.scale, dims: u.dims } };
  } catch (e) {
    if (e instanceof UnitParseError) return e.hint ? { ok: false, message: e.message, hint: e.hint } : { ok: false, message: e.message };
    throw e;
  }
}

/** Parse or throw (for trusted, built-in unit strings). */
export function unit(text: string): ResolvedUnit {
  const r = parseUnit(text);
  if (!r.ok) throw new Error(r.message);
  return r.unit;
}

/** Model base units: the scale of one base unit of each dimension (length = cube root of the volume unit). */
export interface BaseUnits {
  time: ResolvedUnit;
  substance: ResolvedUnit;
  volume: ResolvedUnit;
}

/**
 * Scale (in SI-coherent units) of the base-unit combination with dimensions `dims`:
 * time^a * (volume^(1/3))^b * substance^c * kg^d * cell^e * exosome^f.
 */
export function baseScale(base: BaseUnits, dims: Dims): number {
  const lengthScale = Math.cbrt(base.volume.scale);
  return Math.pow(base.time.scale, dims[0]) * Math.pow(lengthScale, dims[1]) * Math.pow(base.substance.scale, dims[2]);
}

/** Factor turning a value in `u` into the model's base units for the same dimensions. */
export function toBaseFactor(base: BaseUnits, u: ResolvedUnit): number {
  return u.scale / baseScale(base, u.dims);
}

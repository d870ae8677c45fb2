/**
 * Test helper: an independent check of MathML semantics against the SBML Test Suite's expected results.
 * For "algebra-only" cases (no species, reactions, events, rate or algebraic rules, no delay/rateOf), every
 * reported value follows from parameter/compartment values, initial assignments and assignment rules alone,
 * so evaluating the converted expressions at each output time must reproduce NNNNN-results.csv within the
 * case's tolerances: |C - U| <= absolute + relative * |U|.
 */
import { readFileSync } from 'node:fs';
import { collectCalls, evaluate, isReservedName, type Expr, type FunctionDef } from '../../src/expr/index.js';
import { collectMath, convertMathSite, findAll, parseXml, type XmlElement } from '../../src/sbml/index.js';

export interface RuleCheck {
  /** Why the case cannot be checked this way (undefined when it was checked). */
  skipped?: string;
  /** Mismatches `variable at t: computed vs expected`. */
  mismatches: string[];
  points: number;
}

function parseCsvNumber(s: string): number {
  const t = s.trim();
  if (/^[+]?inf(inity)?$/i.test(t)) return Infinity;
  if (/^-inf(inity)?$/i.test(t)) return -Infinity;
  if (/^nan$/i.test(t)) return NaN;
  return Number(t);
}

/** SBML ids that are ExoSim reserved words get a suffix (a test-only renaming; the importer chooses its own). */
export const mapReserved = (n: string): string => (isReservedName(n) ? `${n}__sbml` : n);

export function checkAlgebraicCase(xmlPath: string, resultsPath: string, settingsPath: string): RuleCheck {
  const text = readFileSync(xmlPath, 'utf8');
  if (text.includes('http://www.sbml.org/sbml/level3/version1/comp/')) return { skipped: 'comp package', mismatches: [], points: 0 };
  const { root } = parseXml(text, { file: xmlPath });
  if (!root) return { skipped: 'XML error', mismatches: [], points: 0 };
  for (const tag of ['species', 'reaction', 'event', 'rateRule', 'algebraicRule']) {
    if (findAll(root, tag).length > 0) return { skipped: `has ${tag}`, mismatches: [], points: 0 };
  }
  if (root.attrs['level'] === '1') return { skipped: 'level 1', mismatches: [], points: 0 };
  const settings = new Map(
    readFileSync(settingsPath, 'utf8')
      .split('\n')
      .map((l) => l.split(':').map((s) => s.trim()) as [string, string])
      .filter((p) => p.length >= 2),
  );
  const abs = Number(settings.get('absolute'));
  const rel = Number(settings.get('relative'));

  const values = new Map<string, number>();
  for (const tag of ['parameter', 'compartment']) {
    for (const el of findAll(root, tag)) {
      const v = el.attrs['value'] ?? el.attrs['size'];
      if (el.attrs['id'] !== undefined) values.set(mapReserved(el.attrs['id']), v === undefined ? NaN : parseCsvNumber(v));
    }
  }
  const functions = new Map<string, FunctionDef>();
  const initial: [string, Expr][] = [];
  const rules: [string, Expr][] = [];
  for (const site of collectMath(root)) {
    const r = convertMathSite(site, { mapId: mapReserved });
    if (r.diagnostics.length > 0) return { skipped: 'conversion error', mismatches: [], points: 0 };
    if (r.def) {
      functions.set(r.def.id, r.def);
      continue;
    }
    const e = r.expr!;
    const calls = collectCalls(e);
    if (calls.has('delay') || calls.has('rateOf')) return { skipped: 'delay/rateOf', mismatches: [], points: 0 };
    const p: XmlElement = site.parent;
    if (p.name === 'initialAssignment') initial.push([mapReserved(p.attrs['symbol']!), e]);
    else if (p.name === 'assignmentRule') rules.push([mapReserved(p.attrs['variable']!), e]);
    else return { skipped: `math in ${p.name}`, mismatches: [], points: 0 };
  }

  const lines = readFileSync(resultsPath, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',').map((s) => s.trim());
  const mismatches: string[] = [];
  let points = 0;
  let first = true;
  for (const line of lines.slice(1)) {
    const row = line.split(',').map(parseCsvNumber);
    const time = row[0]!;
    const env = (name: string): number => {
      if (name === 'time') return time;
      const v = values.get(name);
      if (v === undefined) throw new Error(`${xmlPath}: no value for '${name}'`);
      return v;
    };
    // assignment rules are acyclic (SBML); repeated sweeps reach the fixed point in at most rules.length passes
    const sweep = (list: [string, Expr][]): void => {
      for (let pass = 0; pass <= list.length; pass++) {
        for (const [v, e] of list) values.set(v, evaluate(e, env, functions));
      }
    };
    if (first) {
      // initial assignments may read rule variables and vice versa: sweep both together
      sweep([...initial, ...rules]);
      first = false;
    } else {
      sweep(rules);
    }
    for (let j = 1; j < header.length; j++) {
      const name = mapReserved(header[j]!);
      const u = row[j]!;
      const c = values.get(name);
      points++;
      const ok =
        c !== undefined &&
        (Number.isNaN(u) ? Number.isNaN(c) : !Number.isFinite(u) ? c === u : Math.abs(c - u) <= abs + rel * Math.abs(u));
      if (!ok) mismatches.push(`${name} at t=${time}: computed ${c}, expected ${u}`);
    }
  }
  return { mismatches, points };
}

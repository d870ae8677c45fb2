/**
 * Describe a flat model in plain English sentences (PhysiCell-style rule printing): what each species,
 * reaction, rule, event and parameter is, with values in the units the author declared and their sources.
 */
import { printExpression, type Expr } from '../expr/index.js';
import type { FlatModel, FlatParameter, FlatSpeciesRef, ParameterSource } from './types.js';
import { printNumber } from '../expr/index.js';
import { toBaseFactor } from './units.js';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function list(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  // Round away binary noise from unit conversions (1e-9 * 1e9 = 1.0000000000000002).
  return printNumber(Number(v.toPrecision(12)));
}

function side(refs: FlatSpeciesRef[]): string {
  return list(refs.map((r) => (r.stoichiometry === 1 ? r.species : `${fmt(r.stoichiometry)} ${r.species}`)));
}

function expr(e: Expr): string {
  return printExpression(e);
}

export function describeSource(s: ParameterSource | undefined): string {
  if (!s) return '';
  const parts: string[] = [];
  if (s.citation) parts.push(s.citation);
  if (s.doi) parts.push(`doi ${s.doi}`);
  if (s.url) parts.push(s.url);
  if (s.confidence) parts.push(`confidence ${s.confidence}`);
  if (s.tag) parts.push(`tag ${s.tag}`);
  return parts.length ? ` (source: ${parts.join(', ')})` : '';
}

function parameterValueText(flat: FlatModel, p: FlatParameter): string {
  if (Number.isNaN(p.value)) return 'is computed';
  if (!p.unit) return `= ${fmt(p.value)}`;
  return `= ${fmt(p.value / toBaseFactor(flat.units, p.unit))} ${p.unit.text}`;
}

/** Plain-English description of a flat model, one sentence per line. */
export function describeModel(flat: FlatModel): string {
  const out: string[] = [];
  const title = flat.name ? `Model ${flat.id} (${flat.name})` : `Model ${flat.id}`;
  const counts = [
    plural(flat.species.length, 'species', 'species'),
    `in ${plural(flat.compartments.length, 'compartment')}`,
  ].join(' ');
  const more = [
    plural(flat.reactions.length, 'reaction'),
    plural(flat.parameters.length, 'parameter'),
    ...(flat.assignmentRules.length + flat.rateRules.length ? [plural(flat.assignmentRules.length + flat.rateRules.length, 'rule')] : []),
    ...(flat.events.length ? [plural(flat.events.length, 'event')] : []),
    ...(flat.observables.length ? [plural(flat.observables.length, 'observable')] : []),
  ];
  out.push(`${title} has ${counts}, ${list(more)}.`);
  if (flat.description) out.push(flat.description.trim());
  out.push(`Time is in ${flat.units.time.text}, substance in ${flat.units.substance.text} and volume in ${flat.units.volume.text}.`);

  for (const c of flat.compartments) {
    const size = c.size / toBaseFactor(flat.units, c.unit);
    out.push(`Compartment ${c.id}${c.name ? ` (${c.name})` : ''} has size ${fmt(size)} ${c.unit.text}${c.constant ? '' : ' and can change'}.`);
  }
  const ia = new Map(flat.initialAssignments.map((r) => [r.variable, r.expr]));
  const ar = new Map(flat.assignmentRules.map((r) => [r.variable, r.expr]));
  for (const s of flat.species) {
    let start: string;
    if (ar.has(s.id)) start = `always equals ${expr(ar.get(s.id)!)}`;
    else if (ia.has(s.id)) start = `starts at ${expr(ia.get(s.id)!)}`;
    else start = `starts at ${fmt(s.initial * s.outputFactor)} ${s.unit.text}`;
    const flags = [
      s.boundaryCondition ? 'a boundary species (reactions do not change it)' : '',
      s.constant ? 'constant' : '',
    ].filter(Boolean);
    out.push(`Species ${s.id}${s.name ? ` (${s.name})` : ''} (${s.unit.text}) ${start} in compartment ${s.compartment}${flags.length ? `; it is ${list(flags)}` : ''}.`);
  }
  for (const r of flat.reactions) {
    const name = `Reaction ${r.id}${r.name ? ` (${r.name})` : ''}`;
    let what: string;
    if (r.reactants.length && r.products.length) what = `converts ${side(r.reactants)} into ${side(r.products)}${r.reversible ? ' and back' : ''}`;
    else if (r.products.length) what = `produces ${side(r.products)}`;
    else if (r.reactants.length) what = `removes ${side(r.reactants)}`;
    else what = 'has no species';
    const mods = r.modifiers.length ? `, modified by ${list(r.modifiers)},` : '';
    const fast = r.fast ? ' It is fast: always at equilibrium (the compiler holds its rate at 0 and moves only the pools it conserves).' : '';
    const varying = [...r.reactants, ...r.products].filter((x) => x.stoichiometryExpr);
    const vs = varying.length ? ` The stoichiometry of ${list(varying.map((x) => `${x.species} is ${expr(x.stoichiometryExpr!)}`))}, which changes in time.` : '';
    out.push(`${name} ${what}${mods} at rate ${expr(r.rate)}.${fast}${vs}`);
  }
  for (const r of flat.assignmentRules) out.push(`Rule: ${r.variable} = ${expr(r.expr)} at all times.`);
  for (const r of flat.rateRules) out.push(`Rule: ${r.variable} changes at rate d${r.variable}/dt = ${expr(r.expr)}.`);
  for (const r of flat.algebraicRules ?? []) out.push(`Rule: ${r.variable} is the solution of 0 = ${expr(r.expr)} at all times (an algebraic rule, solved numerically).`);
  for (const r of flat.initialAssignments) if (!flat.species.some((s) => s.id === r.variable)) out.push(`Initially ${r.variable} = ${expr(r.expr)}.`);
  for (const e of flat.events) {
    const sets = list(e.assignments.map((a) => `sets ${a.variable} to ${expr(a.expr)}`));
    out.push(`Event ${e.id} fires when ${expr(e.trigger)} and ${e.delay ? `after a delay of ${expr(e.delay)}` : 'then'} ${sets}.`);
  }
  for (const o of flat.observables) out.push(`Observable ${o.id}${o.name ? ` (${o.name})` : ''} reports ${expr(o.expr)}${o.unit ? ` in ${o.unit.text}` : ''}.`);
  for (const p of flat.parameters) {
    const range = p.range ? `, plausible range ${fmt(p.range[0])} to ${fmt(p.range[1])}${p.unit ? ` ${p.unit.text}` : ''}` : '';
    const name = p.name ? ` (${p.name})` : '';
    out.push(`Parameter ${p.id}${name} ${parameterValueText(flat, p)}${range}${describeSource(p.source)}${p.constant ? '' : '; it can change during a run'}.`);
  }
  return out.join('\n');
}

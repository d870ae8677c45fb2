/**
 * The mechanism modules (SYSTEM.md mechanisms 1-13), in SYSTEM.md's order. `exosim mechanisms` lists them and
 * prints a module as YAML to paste into a model's `modules:`.
 */
import { ExosimError, diag } from '../diagnostics.js';
import type { Mechanism } from './types.js';
import { mechanism as biogenesis } from './biogenesis/index.js';
import { mechanism as targetSilencing } from './target-silencing/index.js';
import { mechanism as sorting } from './sorting/index.js';
import { mechanism as secretion } from './secretion/index.js';
import { mechanism as exosomeMaturation } from './exosome-maturation/index.js';
import { mechanism as paracrine } from './paracrine/index.js';
import { mechanism as endocrine } from './endocrine/index.js';
import { mechanism as uptake } from './uptake/index.js';
import { mechanism as tlrSignalling } from './tlr-signalling/index.js';
import { mechanism as phenotypes } from './phenotypes/index.js';
import { mechanism as tissue } from './tissue/index.js';
import { mechanism as biomarker } from './biomarker/index.js';
import { mechanism as therapy } from './therapy/index.js';

const MECHANISMS: Mechanism[] = [
  biogenesis,
  targetSilencing,
  sorting,
  secretion,
  exosomeMaturation,
  paracrine,
  endocrine,
  uptake,
  tlrSignalling,
  phenotypes,
  tissue,
  biomarker,
  therapy,
].sort((a, b) => a.number - b.number);

export function listMechanisms(): readonly Mechanism[] {
  return MECHANISMS;
}

/** The mechanism `id`; throws E_UNKNOWN_MECHANISM otherwise. */
export function getMechanism(id: string): Mechanism {
  const m = MECHANISMS.find((x) => x.id === id);
  if (m) return m;
  throw new ExosimError([diag('E_UNKNOWN_MECHANISM', `There is no mechanism '${id}'.`, { hint: `Known: ${MECHANISMS.map((x) => x.id).join(', ')}.` })]);
}

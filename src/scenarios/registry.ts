/**
 * The scenarios (published experiments, SYSTEM.md's table), in the table's order. `exosim scenario list|run`,
 * `exosim describe <scenario>`, docs/scenarios.md and the tests iterate this list.
 */
import { ExosimError, diag } from '../diagnostics.js';
import type { Scenario } from './types.js';
import { scenario as melo2014ExosomeMaturation } from './melo2014-exosome-maturation/index.js';
import { scenario as melo2014Mcf10aTransformation } from './melo2014-mcf10a-transformation/index.js';
import { scenario as melo2014PatientSera } from './melo2014-patient-sera/index.js';
import { scenario as le2014Mir200Metastasis } from './le2014-mir200-metastasis/index.js';
import { scenario as fabbri2012Tlr8 } from './fabbri2012-tlr8/index.js';
import { scenario as zhang2010Mir150 } from './zhang2010-mir150/index.js';
import { scenario as mitchell2008Mir141 } from './mitchell2008-mir141/index.js';
import { scenario as munoz2013Antimir9 } from './munoz2013-antimir9/index.js';
import { scenario as katakowski2013Mir146b } from './katakowski2013-mir146b/index.js';
import { scenario as ohno2013Ge11Let7a } from './ohno2013-ge11-let7a/index.js';
import { scenario as alvarezErviti2011Rvg } from './alvarez-erviti2011-rvg/index.js';
import { scenario as secretionControl } from './secretion-control/index.js';
import { scenario as chevillet2014Stoichiometry } from './chevillet2014-stoichiometry/index.js';

const SCENARIOS: Scenario[] = [
  melo2014ExosomeMaturation,
  melo2014Mcf10aTransformation,
  melo2014PatientSera,
  le2014Mir200Metastasis,
  fabbri2012Tlr8,
  zhang2010Mir150,
  mitchell2008Mir141,
  munoz2013Antimir9,
  katakowski2013Mir146b,
  ohno2013Ge11Let7a,
  alvarezErviti2011Rvg,
  secretionControl,
  chevillet2014Stoichiometry,
];

/** Every scenario, in SYSTEM.md's order. */
export function listScenarios(): readonly Scenario[] {
  return SCENARIOS;
}

export function hasScenario(id: string): boolean {
  return SCENARIOS.some((s) => s.id === id);
}

/** The scenario `id`; throws E_UNKNOWN_SCENARIO (with the closest ids) otherwise. */
export function getScenario(id: string): Scenario {
  const s = SCENARIOS.find((x) => x.id === id);
  if (s) return s;
  const close = SCENARIOS.map((x) => x.id).filter((x) => x.includes(id) || id.includes(x.split('-')[0]!));
  throw new ExosimError([
    diag('E_UNKNOWN_SCENARIO', `There is no scenario '${id}'.`, {
      hint: `${close.length ? `Did you mean ${close.join(', ')}? ` : ''}List them with 'exosim scenario list'.`,
    }),
  ]);
}

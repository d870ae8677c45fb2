/**
 * Mechanism 13 (SYSTEM.md): therapy with engineered exosomes. A dose of exosomes carrying a payload (an anti-miR,
 * a miRNA mimic or an siRNA) is given into a compartment (`medium`: culture medium, plasma for i.v. injection,
 * tumour interstitium for intratumoural injection) on a schedule (repeated doses as one self-re-arming event).
 * Uptake and endosomal escape are the `uptake` mechanism's job (its targeting-ligand option is the ligand of the
 * therapy, see `uptakeOptions`); this module takes the payload copies that reach the cytosol (`payload`) and lets
 * them act:
 *
 *   antimiR:  payload + miRISC -> blocked          k_on_anti / cell * payload * miRISC   (sequestration)
 *             payload ->                            ln2 / t_half_free * payload
 *             blocked ->                            ln2 / t_half_blocked * blocked
 *   mimic:    payload -> miRISC                     k_load * payload                       (joins miRISC)
 *   siRNA:    payload -> siRISC                     k_load * payload                       (AGO2 loading)
 *             siRISC ->                             ln2 / t_half_siRISC * siRISC
 *             mRNA ->   (siRISC catalytic)          k_cleave / cell * siRISC * mRNA        (slicing)
 *
 *   dose event (n_doses times, at t_first + k * interval):
 *             EV += dose,  EV_payload += dose * payload_per_EV
 *
 * Counts per cell (intracellular) and per compartment (medium), hasOnlySubstanceUnits (src/mechanisms/README.md).
 * Every default comes from ../shared/domain/parameters.md; the dose and schedule are protocol parameters.
 */
import type { ModuleDoc, ParameterDoc, ReactionDoc, SpeciesDoc } from '../../model/types.js';
import type { Mechanism, MechanismPort } from '../types.js';

export type PayloadKind = 'antimiR' | 'mimic' | 'siRNA';
export type Route = 'in-vitro' | 'iv' | 'intratumoural';
export type Ligand = 'none' | 'GE11' | 'RVG' | 'PS';
export type Dosing = 'on' | 'off';

const PAYLOADS: PayloadKind[] = ['antimiR', 'mimic', 'siRNA'];
const ROUTES: Route[] = ['in-vitro', 'iv', 'intratumoural'];
const LIGANDS: Ligand[] = ['none', 'GE11', 'RVG', 'PS'];
const DOSINGS: Dosing[] = ['on', 'off'];

function pick<T extends string>(value: string | undefined, choices: readonly T[], dflt: T, name: string): T {
  if (value === undefined) return dflt;
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new Error(`therapy: option ${name}='${value}' is not one of ${choices.join(', ')}`);
}

export interface TherapyOptions {
  payload: PayloadKind;
  route: Route;
  ligand: Ligand;
  dosing: Dosing;
}

/** Options with defaults (payload mimic, route in-vitro, ligand none); throws for unknown values. */
export function therapyOptions(opts: Record<string, string> = {}): TherapyOptions {
  return {
    payload: pick(opts.payload, PAYLOADS, 'mimic', 'payload'),
    route: pick(opts.route, ROUTES, 'in-vitro', 'route'),
    ligand: pick(opts.ligand, LIGANDS, 'none', 'ligand'),
    dosing: pick(opts.dosing, DOSINGS, 'on', 'dosing'),
  };
}

/**
 * The targeting ligand is a factor on uptake: it belongs to the `uptake` mechanism (option `ligand`). Scenarios
 * compose `uptake.module(uptakeOptions(therapyOpts))` with this module so that both see the same ligand.
 */
export function uptakeOptions(opts: Record<string, string> = {}): Record<string, string> {
  const o = therapyOptions(opts);
  return o.ligand === 'none' ? {} : { targeting: o.ligand };
}

// ------------------------------------------------------------------------------------------------ parameters

const P = {
  dose: {
    id: 'dose', value: 6e10, unit: 'exosome', range: [1e8, 1e13],
    description: 'exosomes given per dose (into the bound medium/plasma/interstitium)',
    source: {
      citation: 'Heusermann et al. 2016, J Cell Biol 213:173 (uptake assays at 50-100 pM exosomes; 100 pM = 6e10 EVs/mL), parameters.md §5',
      tag: 'D', note: 'protocol parameter: default = 100 pM in 1 mL (6e10 exosomes); scenarios set the dose of their paper',
    },
    confidence: 'medium',
  },
  payload_per_EV: {
    id: 'payload_per_EV', value: 0.00825, unit: 'molecule/exosome', range: [1e-3, 1e4],
    description: 'payload copies per exosome (loading); mean of a Poisson load',
    source: {
      citation: 'Chevillet et al. 2014, PNAS 111:14888 (0.00825 copies of the most abundant miRNA per exosome), parameters.md §2.1 / §0 #12',
      tag: 'S',
      note: 'natural loading of the most abundant miRNA (a payload over-expressed in the donor at best reaches this class); '
        + 'parameters.md gives no loading of engineered exosomes: the scenarios derive it from their protocol or find the value that closes the gap; '
        + 'upper range = a 100-nm lumen (3.8e-19 L) packed to ~4e4 uM',
    },
    confidence: 'medium',
  },
  n_doses: {
    id: 'n_doses', value: 1, unit: 'dimensionless', range: [1, 100],
    description: 'number of doses',
    source: { citation: 'protocol parameter (schedule of the experiment), SYSTEM.md 13', tag: 'D', note: 'default: a single dose' },
    confidence: 'high',
  },
  t_first: {
    id: 't_first', value: 0, unit: 'h', range: [0, 8760],
    description: 'time of the first dose',
    source: { citation: 'protocol parameter (schedule of the experiment), SYSTEM.md 13', tag: 'D', note: 'default: at the start' },
    confidence: 'high',
  },
  interval: {
    id: 'interval', value: 24, unit: 'h', range: [1, 8760],
    description: 'time between doses',
    source: { citation: 'protocol parameter (schedule of the experiment), SYSTEM.md 13', tag: 'D', note: 'default: daily (used when n_doses > 1)' },
    confidence: 'high',
  },
  k_load: {
    id: 'k_load', value: 0.05, unit: '1/min', range: [0.03, 0.1],
    description: 'loading of a cytosolic duplex (mimic, siRNA) into AGO2 (miRISC / siRISC)',
    source: {
      citation: 'Kingston & Bartel 2019, Genome Res 29:1777 (duplex -> mature RISC < 30 min), parameters.md §3 suggested default (loading 0.05-0.1 min^-1)',
      tag: 'S', note: '1/k_load = 20 min mean loading time, within the < 30 min measured',
    },
    confidence: 'medium',
  },
  k_on_anti: {
    id: 'k_on_anti', value: 1e7, unit: '1/(M*s)', range: [1e7, 1e8],
    description: 'association of the anti-miR with the miRISC it blocks (fully complementary, treated as irreversible)',
    source: {
      citation: 'Salomon et al. 2015, Cell 162:84; Wee et al. 2012, Cell 151:1055 (RISC + seed-matched target k_on 1e7-1e8 M^-1 s^-1), parameters.md §4.1',
      tag: 'R', note: 'lower end of the AGO2-target association range; K_d of 10-100 pM makes the complex effectively irreversible',
    },
    confidence: 'medium',
  },
  t_half_free: {
    id: 't_half_free', value: 24, unit: 'h', range: [11, 119],
    description: 'half-life of free (unbound) cytosolic anti-miR',
    source: {
      citation: 'Kingston & Bartel 2019, Genome Res 29:1777 (mature miRNA half-life, median 24 h; 11-34 h), Gantier et al. 2011 NAR (~119 h), parameters.md §3 / §0 #14',
      tag: 'D', note: 'assumption: a chemically stabilised anti-miR oligo lives at least as long as a mature miRNA (no anti-miR number in parameters.md)',
    },
    confidence: 'low',
  },
  t_half_blocked: {
    id: 't_half_blocked', value: 24, unit: 'h', range: [11, 119],
    description: 'half-life of the anti-miR:miRISC complex (the sequestered miRNA is lost with it)',
    source: {
      citation: 'Kingston & Bartel 2019, Genome Res 29:1777 (mature miRNA half-life, median 24 h), parameters.md §3 / §0 #14',
      tag: 'D', note: 'assumption: the blocked complex turns over like miRISC',
    },
    confidence: 'low',
  },
  t_half_siRISC: {
    id: 't_half_siRISC', value: 24, unit: 'h', range: [11, 119],
    description: 'half-life of siRNA-loaded AGO2 (siRISC)',
    source: {
      citation: 'Kingston & Bartel 2019, Genome Res 29:1777 (AGO-loaded guide half-life, median 24 h), Gantier et al. 2011 NAR (~119 h), parameters.md §3 / §0 #14',
      tag: 'D', note: 'assumption: an siRNA guide in AGO2 turns over like a mature miRNA guide',
    },
    confidence: 'medium',
  },
  k_cleave: {
    id: 'k_cleave', value: 0.1, unit: '1/(nM*h)', range: [0.01, 1],
    description: 'siRISC-target mRNA encounter leading to slicing (catalytic: siRISC is released)',
    source: {
      citation: 'Mihaila et al. 2017 (PMC5415968) LNP-siRNA model as coded in github:yuezheli/mRNA-therapeutics (RISC-mRNA 0.1 nM^-1 h^-1, cleavage 7.2 h^-1), parameters.md §5',
      tag: 'C', note: 'binding-limited slicing (cleavage 7.2 h^-1 is fast), so the second-order binding rate is the slicing rate constant',
    },
    confidence: 'low',
  },
} satisfies Record<string, ParameterDoc>;

const count = (id: string, compartment: string, unit: string, description: string, initialAmount = 0): SpeciesDoc => ({
  id, compartment, initialAmount, unit, hasOnlySubstanceUnits: true, description,
});

// ----------------------------------------------------------------------------------------------------- ports

const PORTS: MechanismPort[] = [
  { id: 'medium', kind: 'compartment', description: 'compartment the dose goes into (mL): culture medium (in vitro), plasma (i.v.) or tumour interstitium (intratumoural)' },
  { id: 'cell', kind: 'compartment', description: 'cytoplasm of one recipient cell (pL)' },
  { id: 'EV', kind: 'species', description: 'engineered exosomes in `medium` (exosome); bind to the uptake/endocrine exosome pool' },
  { id: 'EV_payload', kind: 'species', description: 'payload copies carried by the exosomes in `medium` (molecule); bind to the uptake module\'s EV_miR' },
  { id: 'payload', kind: 'species', description: 'payload copies delivered to the cytosol per recipient cell (molecule); bind to the uptake module\'s cytosolic output `miR`' },
  { id: 'miRISC', kind: 'species', description: 'active miRISC of the targeted miRNA per cell (molecule): sequestered by an anti-miR, joined by a mimic (payload antimiR, mimic)' },
  { id: 'mRNA', kind: 'species', description: 'target mRNA copies per cell (molecule), sliced by siRISC (payload siRNA)' },
];

function portsFor(o: TherapyOptions): string[] {
  const base = o.dosing === 'on' ? ['medium', 'cell', 'EV', 'EV_payload', 'payload'] : ['cell', 'payload'];
  return o.payload === 'siRNA' ? [...base, 'mRNA'] : [...base, 'miRISC'];
}

// ---------------------------------------------------------------------------------------------------- module

function buildModule(opts: Record<string, string> = {}): ModuleDoc {
  const o = therapyOptions(opts);
  const mediumText = o.route === 'iv' ? 'plasma (i.v. injection)' : o.route === 'intratumoural' ? 'tumour interstitium (intratumoural injection)' : 'culture medium';
  const dosing = o.dosing === 'on';
  const species: SpeciesDoc[] = [
    ...(dosing ? [
      count('EV', 'medium', 'exosome', `engineered exosomes in the ${mediumText}`),
      count('EV_payload', 'medium', 'molecule', `${o.payload} copies carried by the exosomes in the ${mediumText}`),
    ] : []),
    count('payload', 'cell', 'molecule', `${o.payload} copies delivered to the cytosol of one recipient cell`),
  ];
  const parameters: ParameterDoc[] = dosing ? [P.dose, P.payload_per_EV, P.n_doses, P.t_first, P.interval] : [];
  const reactions: ReactionDoc[] = [];
  if (o.payload === 'antimiR') {
    species.push(
      count('miRISC', 'cell', 'molecule', 'active miRISC of the targeted miRNA per cell', 1000),
      count('blocked', 'cell', 'molecule', 'anti-miR:miRISC complexes (sequestered, inactive miRNA) per cell'),
    );
    parameters.push(P.k_on_anti, P.t_half_free, P.t_half_blocked);
    reactions.push(
      // d(miRISC)/dt = -k_on * payload * miRISC / V (k_on in 1/(M*s), converted by the compiler; V = cell volume)
      { id: 'sequestration', name: 'anti-miR binds and blocks miRISC', equation: 'payload + miRISC -> blocked', rate: 'k_on_anti * payload * miRISC / cell' },
      { id: 'free_decay', name: 'free anti-miR turnover', equation: 'payload ->', rate: 'ln(2) / t_half_free * payload' },
      { id: 'blocked_decay', name: 'anti-miR:miRISC complex turnover', equation: 'blocked ->', rate: 'ln(2) / t_half_blocked * blocked' },
    );
  } else if (o.payload === 'mimic') {
    species.push(count('miRISC', 'cell', 'molecule', 'active miRISC of the mimicked miRNA per cell'));
    parameters.push(P.k_load);
    reactions.push(
      // d(miRISC)/dt = +k_load * payload (the mimic duplex is loaded into AGO2 and joins the cell's miRISC)
      { id: 'mimic_loading', name: 'mimic loaded into AGO2 (joins miRISC)', equation: 'payload -> miRISC', rate: 'k_load * payload' },
    );
  } else {
    species.push(
      count('siRISC', 'cell', 'molecule', 'siRNA-loaded AGO2 per cell'),
      count('mRNA', 'cell', 'molecule', 'target mRNA per cell', 100),
    );
    parameters.push(P.k_load, P.t_half_siRISC, P.k_cleave);
    reactions.push(
      { id: 'siRNA_loading', name: 'siRNA loaded into AGO2 (siRISC)', equation: 'payload -> siRISC', rate: 'k_load * payload' },
      { id: 'siRISC_decay', name: 'siRISC turnover', equation: 'siRISC ->', rate: 'ln(2) / t_half_siRISC * siRISC' },
      // d(mRNA)/dt = -k_cleave * siRISC * mRNA / V (k_cleave in 1/(nM*h); siRISC catalytic)
      { id: 'slicing', name: 'siRISC slices the target mRNA', equation: 'mRNA ->', modifiers: ['siRISC'], rate: 'k_cleave * siRISC * mRNA / cell' },
    );
  }
  // Schedule state (assigned by the dose event). The next dose is due at t_first + dose_offset. (Written without an
  // initial assignment: the stochastic engines do not see initial assignments in event triggers.)
  if (dosing) {
    parameters.push({ id: 'dose_offset', value: 0, unit: 'h', constant: false, description: 'schedule state: the next dose is due at t_first + dose_offset (0, interval, 2 interval, ...)' });
    parameters.push({ id: 'doses_given', value: 0, unit: 'dimensionless', constant: false, description: 'schedule state: doses given so far' });
  }
  const doc: ModuleDoc = {
    id: 'therapy',
    name: `Engineered-exosome therapy (${o.payload}, ${o.route}${o.ligand !== 'none' ? `, ${o.ligand}` : ''})`,
    description:
      `Doses of engineered exosomes carrying a ${o.payload} into the ${mediumText}; the payload that the uptake mechanism delivers to the cytosol `
      + (o.payload === 'antimiR' ? 'sequesters the targeted miRISC.' : o.payload === 'mimic' ? 'is loaded into AGO2 and joins miRISC.' : 'is loaded into AGO2 and slices its target mRNA.'),
    ports: portsFor(o),
    compartments: [
      ...(dosing ? [{ id: 'medium', size: 1, unit: 'mL', description: mediumText }] : []),
      { id: 'cell', size: 1.4, unit: 'pL', description: 'cytoplasm of one recipient cell (Mihaila et al. 2017 V_intra, parameters.md §5)' },
    ],
    species,
    parameters,
    reactions,
  };
  if (!dosing) return doc;
  return {
    ...doc,
    events: [
      {
        id: 'dose_event',
        name: 'a dose of engineered exosomes (re-arms itself interval later until n_doses are given)',
        // fires at t_first, t_first + interval, ... (initialValue false: a dose at the start time fires)
        trigger: 'time >= t_first + dose_offset && doses_given < n_doses',
        initialValue: false,
        assignments: [
          { variable: 'EV', formula: 'EV + dose' },
          { variable: 'EV_payload', formula: 'EV_payload + dose * payload_per_EV' },
          { variable: 'doses_given', formula: 'doses_given + 1' },
          { variable: 'dose_offset', formula: 'dose_offset + interval' },
        ],
      },
    ],
    observables: [
      { id: 'EV_conc', name: 'engineered exosome concentration', formula: 'EV / medium', unit: 'exosome/mL' },
      { id: 'payload_per_EV_now', name: 'mean payload per exosome in the dosed compartment', formula: 'EV_payload / max(EV, 1)', unit: 'molecule/exosome' },
    ],
  };
}

function fmt(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e4 || a < 1e-2 ? x.toExponential(2).replace(/\.?0+e/, 'e').replace('e+', 'e') : String(Number(x.toPrecision(3)));
}

function describeModule(opts: Record<string, string> = {}): string[] {
  const o = therapyOptions(opts);
  const s: string[] = [
    `Engineered exosomes carrying a ${o.payload} are given ${o.route === 'iv' ? 'intravenously into the plasma' : o.route === 'intratumoural' ? 'into the tumour interstitium' : 'into the culture medium'}: `
      + `n_doses = ${P.n_doses.value} dose(s) of dose = ${fmt(P.dose.value)} exosomes, the first at t_first = ${P.t_first.value} h, then every interval = ${P.interval.value} h.`,
    `Each exosome carries payload_per_EV = ${P.payload_per_EV.value} payload copies on average (Chevillet 2014's natural loading of the most abundant miRNA; scenarios set engineered loadings), so a dose adds dose x payload_per_EV copies to EV_payload.`,
    `Uptake and endosomal escape are the uptake mechanism's; its targeting ligand option is the therapy's ligand (${o.ligand}), a factor on uptake.`,
  ];
  if (o.payload === 'antimiR') {
    s.push(
      `The anti-miR delivered to the cytosol binds the targeted miRISC irreversibly with k_on_anti = ${fmt(P.k_on_anti.value)} M^-1 s^-1 (rate k_on_anti x payload x miRISC / cell volume), removing it from silencing.`,
      `Free anti-miR turns over with t_half_free = ${P.t_half_free.value} h and the anti-miR:miRISC complex with t_half_blocked = ${P.t_half_blocked.value} h.`,
    );
  } else if (o.payload === 'mimic') {
    s.push(`The miRNA mimic delivered to the cytosol is loaded into AGO2 and joins the cell's miRISC at k_load = ${P.k_load.value} min^-1 (mean loading time 20 min).`);
  } else {
    s.push(
      `The siRNA delivered to the cytosol is loaded into AGO2 at k_load = ${P.k_load.value} min^-1; siRISC turns over with t_half_siRISC = ${P.t_half_siRISC.value} h.`,
      `siRISC slices its target mRNA catalytically at k_cleave = ${P.k_cleave.value} nM^-1 h^-1 (rate k_cleave x siRISC x mRNA / cell volume).`,
    );
  }
  return s;
}

export const mechanism: Mechanism = {
  id: 'therapy',
  number: 13,
  title: 'Therapy with engineered exosomes (anti-miR, miRNA mimic, siRNA)',
  summary:
    'Engineered exosomes loaded with an anti-miR (sequesters a miRNA, e.g. anti-miR-9), a miRNA mimic (joins miRISC, e.g. miR-146b, let-7a) or an siRNA '
    + '(AGO2-loaded, slices its target, e.g. BACE1, RAD51) are dosed into culture medium, plasma (i.v.) or the tumour interstitium on a schedule of repeated doses; '
    + 'the uptake mechanism (with the targeting ligand GE11, RVG-Lamp2b or phosphatidylserine as a factor on uptake) carries the payload into the cytosol, where this module lets it act. '
    + 'Main assumption: the payload acts only after endosomal escape and with the same AGO2 kinetics as endogenous small RNAs.',
  ports: PORTS,
  options: [
    { name: 'payload', choices: PAYLOADS, default: 'mimic', help: 'antimiR: sequesters the bound miRISC; mimic: joins miRISC; siRNA: loads AGO2 and slices the bound mRNA' },
    { name: 'route', choices: ROUTES, default: 'in-vitro', help: 'where the dose goes (bind `medium` accordingly): culture medium, plasma (i.v.), tumour interstitium (intratumoural)' },
    { name: 'dosing', choices: DOSINGS, default: 'on', help: "'off': only the intracellular action (ports cell, payload, miRISC/mRNA), for further recipient cell types of one dose (e.g. organs after one i.v. dose)" },
    { name: 'ligand', choices: LIGANDS, default: 'none', help: 'targeting ligand on the exosomes; passed to the uptake mechanism as its `targeting` option (uptakeOptions), which sets ligand_gain' },
  ],
  module: buildModule,
  describe: describeModule,
  references: [
    'Munoz JL, Bliss SA, Greco SJ, Ramkissoon SH, Ligon KL, Rameshwar P (2013) Delivery of functional anti-miR-9 by mesenchymal stem cell-derived exosomes to glioblastoma multiforme cells conferred chemosensitivity. Mol Ther Nucleic Acids 2:e126.',
    'Katakowski M, Buller B, Zheng X, et al. (2013) Exosomes from marrow stromal cells expressing miR-146b inhibit glioma growth. Cancer Lett 335:201-204.',
    'Ohno S, Takanashi M, Sudo K, et al. (2013) Systemically injected exosomes targeted to EGFR deliver antitumor microRNA to breast cancer cells. Mol Ther 21:185-191.',
    'Alvarez-Erviti L, Seow Y, Yin H, Betts C, Lakhal S, Wood MJ (2011) Delivery of siRNA to the mouse brain by systemic injection of targeted exosomes. Nat Biotechnol 29:341-345.',
    'Shtam TA, Kovalev RA, Varfolomeeva EY, et al. (2013) Exosomes are natural carriers of exogenous siRNA to human cells in vitro. Cell Commun Signal 11:88 (RAD51).',
    'Chevillet JR, Kang Q, Ruf IK, et al. (2014) Quantitative and stoichiometric analysis of the microRNA content of exosomes. PNAS 111:14888-14893.',
    'Kingston ER, Bartel DP (2019) Global analyses of the dynamics of mammalian microRNA metabolism. Genome Res 29:1777-1790.',
    'Mihaila R, Ruhela D, Keough E, et al. (2017) Mathematical modeling: a tool for optimization of lipid nanoparticle-mediated delivery of siRNA. Mol Ther Nucleic Acids 7:246-255.',
  ],
};

/** The parameter table (for tests and docs). */
export const THERAPY_PARAMETERS: readonly ParameterDoc[] = Object.values(P);

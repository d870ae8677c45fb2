/**
 * Mechanism 6 (SYSTEM.md): paracrine transport of exosomes through the interstitium around a tumour.
 *
 * Finite-volume discretisation of radial diffusion with first-order loss around a spherical tumour of radius R0:
 * n concentric shells of width dr (shell i spans R0 + (i-1) dr .. R0 + i dr), each a compartment. With c_i = EV_i / V_i,
 *
 *   dEV_1/dt = S - J_1 - k_loss EV_1
 *   dEV_i/dt = J_{i-1} - J_i - k_loss EV_i,     J_i = D_eff 4 pi r_i^2 / dr (c_i - c_{i+1}),   r_i = R0 + i dr
 *   outer boundary: closed (J_n = 0) or open (J_n = D_eff 4 pi r_n^2 / (dr/2) c_n, a sink at c = 0 half a shell out)
 *
 * S = N_cells k_sec (tumour secretion into the first shell); k_loss = k_decay + k_bind + rho_cells k_up_cell
 * (decay, capture by the matrix, uptake by the resident recipient cells). D_eff = D_free / hindrance, with D_free
 * the Stokes-Einstein coefficient of a 100-nm vesicle in water at 37 C (6.6 um^2/s, parameters.md §1.2).
 * Continuum limit: c(r) = B exp(-r/lambda) / r with lambda = sqrt(D_eff / k_loss) (steady state, infinite medium).
 * Each flux J_i is split into two mass-action reactions (outward D A/dr c_i, inward D A/dr c_{i+1}) so that the same
 * model runs under the stochastic engines.
 */
import type { CompartmentDoc, InitialAssignmentDoc, ModuleDoc, ObservableDoc, ParameterDoc, ReactionDoc, SpeciesDoc } from '../../model/types.js';
import type { Mechanism, MechanismPort } from '../types.js';

type Tag = 'S' | 'S2' | 'C' | 'D' | 'R';
type Conf = 'high' | 'medium' | 'low';

function par(id: string, value: number, unit: string, range: [number, number], description: string, citation: string, tag: Tag, confidence: Conf, note?: string): ParameterDoc {
  return { id, value, unit, range, description, confidence, source: { citation, tag, confidence, ...(note !== undefined ? { note } : {}) } };
}

export const SHELL_CHOICES = ['10', '20', '40'] as const;

function opt<T extends string>(opts: Record<string, string> | undefined, name: string, choices: readonly T[], dflt: T): T {
  const v = (opts?.[name] ?? dflt) as T;
  if (!choices.includes(v)) throw new Error(`paracrine: option ${name} must be one of ${choices.join(', ')} (got '${v}')`);
  return v;
}

function settings(opts?: Record<string, string>) {
  return {
    n: Number(opt(opts, 'shells', SHELL_CHOICES, '20')),
    outer: opt(opts, 'outer', ['open', 'closed'] as const, 'open'),
    cargo: opt(opts, 'cargo', ['yes', 'no'] as const, 'yes') === 'yes',
  };
}

function buildModule(opts?: Record<string, string>): ModuleDoc {
  const { n, outer, cargo } = settings(opts);
  const ports = ['N_cells', 'k_sec', ...(cargo ? ['copies_per_EV'] : []), 'EV_1', 'shell_1', `EV_${n}`, `shell_${n}`];
  const compartments: CompartmentDoc[] = [];
  const species: SpeciesDoc[] = [];
  const ias: InitialAssignmentDoc[] = [];
  const reactions: ReactionDoc[] = [];
  const observables: ObservableDoc[] = [];
  const parameters: ParameterDoc[] = [
    par('R0', 250, 'um', [50, 5000], 'radius of the tumour (the source surface)', 'protocol choice: a small tumour nodule/spheroid of 0.5 mm diameter (not in parameters.md)', 'R', 'medium'),
    par('dr', 20, 'um', [1, 500], 'width of one shell (the discretisation step; shells cover R0 .. R0 + n dr)', 'numerical choice: dr below lambda/2 keeps the discretisation error of the exp(-r/lambda)/r profile to a few per cent', 'D', 'high'),
    par('D_free', 6.6, 'um^2/s', [4.4, 22], 'diffusion coefficient of a 100-nm exosome in water at 37 C', 'Stokes-Einstein D = kB T / (6 pi eta r), eta = 0.692 mPa s (parameters.md §1.2, §0 #5)', 'D', 'high', 'kB 310 K / (6 pi 0.692e-3 Pa s 50 nm) = 6.6 um^2/s; 4.4 (150 nm) to 22 (30 nm)'),
    par('hindrance', 10, 'dimensionless', [1, 100], 'hindrance of EV diffusion by the extracellular matrix: D_eff = D_free / hindrance', 'parameters.md §1.2 modelling choice D_eff(ECM) = 0.1-1 um^2/s (10-100x hindrance); Lenzini et al. 2020 Nat Nanotechnol 15:217 (EVs cross a matrix with mesh smaller than the EV)', 'R', 'low'),
    par('t_half_EV', 5, 'h', [0.5, 48], 'half-life of exosomes in the interstitium (decay)', 'no tissue value found; mouse blood slow-phase half-life 5 h used as proxy (parameters.md §1.5 modelling default t1/2beta = 5 h; Kim et al. 2019)', 'R', 'low'),
    par('k_bind', 0.1, '1/h', [0, 2], 'irreversible capture of exosomes by the extracellular matrix', 'anomalous EV diffusion model with ECM binding (parameters.md §8 #7; value not given there): assumption', 'R', 'low'),
    par('rho_cells', 5e8, '1/mL', [0, 1e9], 'number density of resident recipient cells in the tissue', 'one cell per V_cell = 2000 um^3 (HeLa 500-5000 um^3, BioNumbers, parameters.md §1.2)', 'D', 'medium', '1 / 2000 um^3 = 5e8 per mL; set 0 when an uptake instance models the recipients'),
    par('eta_bind', 2e-3, 'dimensionless', [1e-3, 1e-2], 'fraction of exosome-cell encounters that lead to uptake', 'parameters.md §5 recommendation (eta_bind 1e-3 to 1e-2)', 'R', 'low'),
    par('R_cell', 10, 'um', [5, 20], 'radius of a recipient cell (encounter radius)', 'parameters.md §5 (k_D = 4 pi D R with R = 10 um)', 'D', 'medium'),
    par('N_cells', 3.3e4, 'dimensionless', [0, 1e9], 'secreting tumour cells (port)', 'tumour volume 4/3 pi R0^3 / V_cell with V_cell = 2000 um^3 (parameters.md §1.2)', 'D', 'medium', '4/3 pi (250 um)^3 / 2000 um^3 = 3.3e4 cells'),
    par('k_sec', 60, 'exosome/h', [10, 1000], 'exosomes secreted per tumour cell per hour (port)', 'Chiu et al. 2016 Small (single-cell capture, MCF7 and MDA-MB-231), parameters.md §1.3', 'S2', 'medium'),
    { id: 'D_eff', unit: 'um^2/s', description: 'effective diffusion coefficient in the interstitium (initial assignment D_free / hindrance)' },
    { id: 'k_up_cell', unit: 'L/h', description: 'uptake clearance per recipient cell eta_bind 4 pi D_eff R_cell (initial assignment; Smoluchowski rate, parameters.md §5)' },
    { id: 'k_loss', unit: '1/h', description: 'total first-order loss k_decay + k_bind + rho_cells k_up_cell (initial assignment)' },
    { id: 'lambda', unit: 'um', description: 'decay length sqrt(D_eff / k_loss) of the steady-state gradient (initial assignment)' },
  ];
  ias.push(
    { symbol: 'D_eff', formula: 'D_free / hindrance' },
    { symbol: 'k_up_cell', formula: 'eta_bind * 4 * pi * D_eff * R_cell' },
    { symbol: 'k_loss', formula: 'ln(2) / t_half_EV + k_bind + rho_cells * k_up_cell' },
    { symbol: 'lambda', formula: 'sqrt(D_eff / k_loss)' },
  );
  if (cargo) parameters.push(par('copies_per_EV', 0.00825, 'molecule/exosome', [0.001, 0.03], 'mean miRNA copies per secreted exosome (port)', 'Chevillet et al. 2014 PNAS 111:14888 (parameters.md §2.1, §0 #12)', 'S', 'high'));

  const sets: { sp: string; unit: string; src: string; what: string }[] = [{ sp: 'EV', unit: 'exosome', src: 'N_cells * k_sec', what: 'exosomes' }];
  if (cargo) sets.push({ sp: 'EVmiR', unit: 'molecule', src: 'N_cells * k_sec * copies_per_EV', what: 'miRNA copies inside exosomes' });

  for (let i = 1; i <= n; i++) {
    // V_i = 4/3 pi ((R0 + i dr)^3 - (R0 + (i-1) dr)^3)
    compartments.push({ id: `shell_${i}`, size: 1, unit: 'um^3', description: `interstitial shell ${i}: R0 + ${i - 1} dr .. R0 + ${i} dr` });
    ias.push({ symbol: `shell_${i}`, formula: `4 / 3 * pi * ((R0 + ${i} * dr)^3 - (R0 + ${i - 1} * dr)^3)` });
    for (const s of sets) species.push({ id: `${s.sp}_${i}`, compartment: `shell_${i}`, initialAmount: 0, unit: s.unit, hasOnlySubstanceUnits: true, description: `${s.what} in shell ${i}` });
    observables.push({ id: `c_${i}`, name: `exosome concentration in shell ${i}`, formula: `EV_${i} / shell_${i}`, unit: 'exosome/mL' });
  }
  observables.push({ id: 'EV_total', name: 'exosomes in all shells', formula: Array.from({ length: n }, (_, k) => `EV_${k + 1}`).join(' + '), unit: 'exosome' });
  observables.push({ id: 'uptake_rate_1', name: 'exosomes taken up per recipient cell per hour next to the tumour (shell 1)', formula: 'k_up_cell * EV_1 / shell_1', unit: 'exosome/h' });
  observables.push({ id: `uptake_rate_${n}`, name: `exosomes taken up per recipient cell per hour in the outermost shell`, formula: `k_up_cell * EV_${n} / shell_${n}`, unit: 'exosome/h' });

  for (const s of sets) {
    reactions.push({ id: `${s.sp}_source`, name: `${s.what} secreted by the tumour into shell 1`, equation: `-> ${s.sp}_1`, rate: s.src });
    for (let i = 1; i <= n; i++) {
      reactions.push({ id: `${s.sp}_loss_${i}`, name: `decay, matrix capture and cellular uptake in shell ${i}`, equation: `${s.sp}_${i} ->`, rate: `k_loss * ${s.sp}_${i}` });
      if (i < n) {
        const g = `D_eff * 4 * pi * (R0 + ${i} * dr)^2 / dr`; // conductance D A / dr at r_i = R0 + i dr
        reactions.push(
          { id: `${s.sp}_out_${i}`, name: `diffusion from shell ${i} to ${i + 1}`, equation: `${s.sp}_${i} -> ${s.sp}_${i + 1}`, rate: `${g} * ${s.sp}_${i} / shell_${i}` },
          { id: `${s.sp}_in_${i}`, name: `diffusion from shell ${i + 1} to ${i}`, equation: `${s.sp}_${i + 1} -> ${s.sp}_${i}`, rate: `${g} * ${s.sp}_${i + 1} / shell_${i + 1}` },
        );
      } else if (outer === 'open') {
        reactions.push({ id: `${s.sp}_drain`, name: 'diffusion out of the domain (sink at c = 0 half a shell beyond)', equation: `${s.sp}_${n} ->`, rate: `D_eff * 4 * pi * (R0 + ${n} * dr)^2 / (dr / 2) * ${s.sp}_${n} / shell_${n}` });
      }
    }
  }
  return {
    id: 'paracrine',
    name: 'Paracrine exosome transport around a tumour',
    description: `Radial diffusion of exosomes${cargo ? ' and their miRNA cargo' : ''} from a spherical tumour through ${n} interstitial shells with decay, matrix capture and uptake (${outer} outer boundary).`,
    ports,
    compartments,
    species,
    parameters,
    reactions,
    initialAssignments: ias,
    observables,
  };
}

const PORTS: MechanismPort[] = [
  { id: 'N_cells', kind: 'parameter', description: 'secreting tumour cells (dimensionless); bind to the N_total of a tissue instance' },
  { id: 'k_sec', kind: 'parameter', description: 'exosomes secreted per tumour cell per hour (exosome/h)' },
  { id: 'copies_per_EV', kind: 'parameter', description: 'miRNA copies per secreted exosome (molecule/exosome) [cargo: yes]' },
  { id: 'EV_1', kind: 'species', description: 'exosomes in the innermost shell, next to the tumour (exosome); bind an uptake instance EV here with medium = shell_1' },
  { id: 'shell_1', kind: 'compartment', description: 'innermost interstitial shell (um^3; its size is set by an initial assignment from R0 and dr)' },
  { id: 'EV_20', kind: 'species', description: 'exosomes in the outermost shell (exosome), for distant recipients; EV_<n> with shells = n' },
  { id: 'shell_20', kind: 'compartment', description: 'outermost shell (um^3); shell_<n> with shells = n' },
];

function describe(opts?: Record<string, string>): string[] {
  const { n, outer, cargo } = settings(opts);
  return [
    `Exosomes secreted by N_cells = 3.3e4 tumour cells at k_sec = 60 exosomes/cell/h enter the innermost of ${n} interstitial shells of width dr = 20 um around a tumour of radius R0 = 250 um.`,
    'They diffuse between neighbouring shells with D_eff = D_free/hindrance, the Stokes-Einstein coefficient D_free = 6.6 um^2/s of a 100-nm vesicle at 37 C reduced by the matrix hindrance = 10, through the area 4 pi r^2 of each shell boundary over the distance dr.',
    'In every shell they are lost by first-order decay (t_half_EV = 5 h), matrix capture (k_bind = 0.1 /h) and uptake by resident recipient cells (rho_cells = 5e8 per mL, each clearing eta_bind·4 pi D_eff R_cell with eta_bind = 0.002 and R_cell = 10 um), so that the steady-state profile is c(r) ∝ exp(-r/lambda)/r with lambda = sqrt(D_eff/k_loss) (about 65 um by default).',
    `The outer boundary is ${outer === 'open' ? 'open: exosomes leave the domain into a sink half a shell beyond' : 'closed: nothing leaves the domain by diffusion'}.`,
    ...(cargo ? ['The miRNA cargo (copies_per_EV = 0.00825 per exosome, Chevillet 2014) is carried along with identical transport and loss.'] : []),
  ];
}

export const mechanism: Mechanism = {
  id: 'paracrine',
  number: 6,
  title: 'Paracrine exosome transport through the interstitium',
  summary:
    'Exosomes secreted by a spherical tumour diffuse radially through the interstitium, discretised into concentric shells (finite volumes), with Stokes-Einstein diffusion hindered by the extracellular matrix, first-order decay, matrix capture and uptake by the resident recipient cells; the gradient around the tumour approaches the analytic steady state c(r) ∝ exp(-r/lambda)/r, lambda = sqrt(D_eff/k_loss). Main assumptions: isotropic, homogeneous tissue, Fickian diffusion with one effective coefficient, and cargo that moves with its exosome.',
  ports: PORTS,
  options: [
    { name: 'shells', choices: [...SHELL_CHOICES], default: '20', help: 'number of concentric shells (finite volumes)' },
    { name: 'outer', choices: ['open', 'closed'], default: 'open', help: 'outer boundary: open (sink beyond the last shell) or closed (no flux)' },
    { name: 'cargo', choices: ['yes', 'no'], default: 'yes', help: 'transport the miRNA copies carried by the exosomes as well' },
  ],
  module: buildModule,
  describe,
  references: [
    'Lenzini S, Bargi R, Chung G, Shin JW (2020) Matrix mechanics and water permeation regulate extracellular vesicle transport. Nat Nanotechnol 15:217-223.',
    'Chiu YJ, Cai W, Shih YRV, Lian I, Lo YH (2016) A single-cell assay for time lapse studies of exosome secretion and cell behaviors. Small 12:3658-3666.',
    'Chevillet JR et al. (2014) Quantitative and stoichiometric analysis of the microRNA content of exosomes. PNAS 111:14888-14893.',
    'Crank J (1975) The Mathematics of Diffusion, 2nd ed. Oxford University Press (radial diffusion with first-order loss).',
  ],
};

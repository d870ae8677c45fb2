/**
 * Mechanism 1 (SYSTEM.md): miRNA biogenesis in one cell.
 *
 * Canonical pathway (counts per cell, mass action, time unit of each parameter as declared):
 *   d pri/dt     = k_tx - k_drosha * pri                                    (Pol II transcription; Drosha/DGCR8)
 *   d pre_nuc/dt = k_drosha * pri - k_export * pre_nuc                      (Exportin-5/Ran-GTP export)
 *   d pre/dt     = k_export * pre_nuc - (dicer_activity * k_dice + k_pre_deg) * pre     (Dicer/TRBP dicing)
 *   d duplex/dt  = dicer_activity * k_dice * pre - k_sel * duplex           (strand selection)
 *   d miR/dt     = f_guide * k_sel * duplex - (k_load + k_free_deg) * miR   (guide strand; AGO2/GW182 loading)
 *   d miRISC/dt  = k_load * miR - k_risc_deg * miRISC                        (mature miRISC turnover)
 * with k_pre_deg = ln2 / t_half_pre, k_free_deg = ln2 / t_half_free, k_risc_deg = ln2 / t_half_miR.
 *
 * Dicer-independent pathway (miR-451; Yoda et al. 2013, Cell Rep 5:715): the pre-miRNA is loaded directly into
 * AGO2 and sliced (ac-pre-miRNA, already functional), then trimmed by PARN:
 *   d pre/dt    = k_export * pre_nuc - (k_ago_slice + k_pre_deg) * pre
 *   d acpre/dt  = k_ago_slice * pre - (k_parn + k_risc_deg) * acpre
 *   d miRISC/dt = k_parn * acpre + k_load * miR - k_risc_deg * miRISC
 * (Dicer activity has no effect on this pathway.)
 *
 * Sources: ../shared/domain/parameters.md §0 #14-17 and §3 (Kingston & Bartel 2019 Genome Res 29:1777).
 */
import type { ModuleDoc, ParameterDoc, ReactionDoc, SpeciesDoc } from '../../model/types.js';
import type { Mechanism } from '../types.js';

type Conf = 'high' | 'medium' | 'low';

function param(
  id: string, value: number, unit: string, range: [number, number], description: string,
  citation: string, tag: string, confidence: Conf, note?: string,
): ParameterDoc {
  return { id, value, unit, range, description, confidence, source: { citation, tag, confidence, ...(note !== undefined ? { note } : {}) } };
}

const KB2019 = 'Kingston ER & Bartel DP (2019) Genome Res 29:1777';

function species(id: string, name: string, initialAmount = 0): SpeciesDoc {
  return { id, name, compartment: 'cell', initialAmount, unit: 'molecule', hasOnlySubstanceUnits: true };
}

function pathwayOf(opts?: Record<string, string>): 'canonical' | 'dicer-independent' {
  const p = opts?.['pathway'] ?? 'canonical';
  if (p !== 'canonical' && p !== 'dicer-independent') throw new Error(`biogenesis: option pathway must be canonical or dicer-independent (got '${p}')`);
  return p;
}

function parameters(pathway: 'canonical' | 'dicer-independent'): ParameterDoc[] {
  const ps: ParameterDoc[] = [
    param('k_tx', 110, 'molecule/min', [60, 160], 'pri-miRNA transcription by Pol II, copies per cell per minute (highly expressed miRNA)',
      `${KB2019}: miRNA duplex production 110 ± 50 copies/cell/min for the fastest-produced miRNAs (parameters.md §0 #15, §3)`, 'S', 'high',
      'Taken as the transcription rate: at steady state almost every pri-miRNA becomes a duplex (losses through k_pre_deg are ~2 %). For a typical miRNA of ~1e3 copies (parameters.md §0 #17) use k_tx ≈ 0.5 molecule/min.'),
    param('k_drosha', 1, '1/min', [0.2, 5], 'Drosha/DGCR8 cropping of pri-miRNA to pre-miRNA (co-transcriptional, minutes)',
      'Morlando et al. 2008 NSMB 15:902 (co-transcriptional cropping, minutes); parameters.md §3 suggested default k ≈ 1 min⁻¹', 'R', 'medium'),
    param('k_export', 0.3, '1/min', [0.1, 1], 'Exportin-5/Ran-GTP export of pre-miRNA to the cytoplasm',
      'Lund et al. 2004 Science 303:95 (Exportin-5 export, minutes); parameters.md §3 suggested default k ≈ 0.3 min⁻¹', 'R', 'medium'),
  ];
  if (pathway === 'canonical') {
    ps.push(
      param('k_dice', 0.5, '1/min', [0.1, 1], 'Dicer/TRBP dicing of cytoplasmic pre-miRNA to the ~22-nt duplex (first-order constant)',
        'Tsutsumi et al. 2011 NSMB (K_M 25 nM, via github:SofiaRaak/Dicer-miRNA, tag C) and k_cat 0.1-1 min⁻¹ (R lo); Chakravarthy et al. 2010 J Mol Biol 404:392 (TRBP stabilises Dicer-substrate complexes); parameters.md §3', 'R', 'low',
        'Michaelis-Menten with K_M ≈ 25 nM (≈ 2.1e4 copies in 1.4 pL) while the cytoplasmic pre-miRNA pool is ~2e2 copies: the law is first order, k_dice = k_cat·[Dicer]/(K_M + [pre]); with [Dicer] ≈ K_M this is ≈ k_cat/2, k_cat 0.1-1 min⁻¹ (parameters.md §3) → 0.5 min⁻¹. Dicer abundance is not given in parameters.md.'),
      param('dicer_activity', 1, 'dimensionless', [0, 2], 'Dicer activity relative to the unperturbed cell (knock-down or block: < 1; Dicer knock-out: 0)',
        'Protocol switch (scale factor on k_dice); Dicer-dependence of canonical maturation: parameters.md §3 (Chakravarthy 2010; Yoda 2013)', 'D', 'high',
        'dimensionless multiplier of the dicing rate'),
    );
  } else {
    ps.push(
      param('k_ago_slice', 0.1, '1/min', [0.05, 0.1], 'AGO2 loading and slicing of the pre-miR-451 hairpin (Dicer-independent)',
        'Yoda et al. 2013 Cell Rep 5:715 (AGO2 slices pre-miR-451, PARN trims it; parameters.md §3, tag S for the route); rate taken equal to the RISC loading rate of parameters.md §3 (0.05-0.1 min⁻¹, Kingston & Bartel 2019)', 'R', 'low'),
      param('k_parn', 0.05, '1/min', [0.01, 0.2], 'PARN 3′ trimming of AGO2-cleaved pre-miR-451 (ac-pre-miR-451) to mature miR-451 (untrimmed RISC is already functional)',
        'Yoda et al. 2013 Cell Rep 5:715 (PARN trimming; untrimmed RISC functional; parameters.md §3); rate not given in parameters.md', 'R', 'low',
        'Assumed of the order of RISC loading; only the split acpre/miRISC depends on it, not the total functional RISC.'),
    );
  }
  ps.push(
    param('t_half_pre', 1, 'h', [0.25, 4], 'half-life of cytoplasmic pre-miRNA that is not processed (nuclease decay)',
      'not given in parameters.md (pre-miRNAs are short-lived intermediates; Kingston & Bartel 2019 measured mature kinetics only)', 'R', 'low',
      'Only matters when processing is blocked (dicer_activity → 0): then pre accumulates to k_tx·t_half_pre/ln2.'),
    param('k_sel', 0.1, '1/min', [0.05, 0.2], 'duplex unwinding and strand selection (passenger strand removal)',
      `${KB2019}: duplex loading and silencing-complex maturation typically < 30 min; parameters.md §0 #16 and §3 (loading k ≈ 0.05-0.1 min⁻¹)`, 'D', 'medium',
      'The < 30 min duplex→RISC time is split into two first-order steps, strand selection and AGO loading, each 0.1 min⁻¹: mean time 1/k_sel + 1/k_load = 20 min.'),
    param('f_guide', 0.95, 'dimensionless', [0.5, 1], 'fraction of duplexes whose modelled (guide) arm is selected; the other arm is not modelled',
      'strand selection (SYSTEM.md 1; review seed 000); value not given in parameters.md (dominant arms such as miR-21-5p are > 90 % of reads)', 'R', 'low'),
    param('k_load', 0.1, '1/min', [0.05, 0.2], 'loading of the free guide strand into AGO2/GW182 (miRISC); AGO taken in excess (1e4-1e5 per cell, parameters.md §3)',
      `${KB2019}: RISC loading < 30 min; parameters.md §0 #16 and §3 (loading k ≈ 0.05-0.1 min⁻¹)`, 'D', 'medium',
      'See k_sel: mean duplex→miRISC time 1/k_sel + 1/k_load = 20 min < 30 min.'),
    param('t_half_free', 1, 'h', [0.1, 4], 'half-life of a free (AGO-unbound) mature guide strand',
      'not given in parameters.md: unloaded single-stranded miRNAs are unstable (AGO binding stabilises miRNAs; Winter & Diederichs 2011 RNA Biol 8:1149)', 'R', 'low',
      'With k_load = 6 h⁻¹, 90 % of free guides are loaded (k_load/(k_load + ln2/t_half_free)).'),
    param('t_half_miR', 24, 'h', [11, 34], 'half-life of mature miRNA in miRISC (median over miRNAs)',
      `${KB2019}: median mature miRNA half-life 11 h (mESC) to 34 h (contact-inhibited MEF), ~100-fold spread between miRNAs; parameters.md §0 #14, §3`, 'S', 'high'),
  );
  return ps;
}

function moduleDoc(opts?: Record<string, string>): ModuleDoc {
  const pathway = pathwayOf(opts);
  const sp: SpeciesDoc[] = [
    species('pri', 'pri-miRNA copies (nucleus) per cell'),
    species('pre_nuc', 'nuclear pre-miRNA copies per cell'),
    species('pre', 'cytoplasmic pre-miRNA copies per cell'),
    species('miR', 'free mature guide strands (not in AGO) per cell'),
    species('miRISC', 'AGO2/GW182-loaded mature miRNA (miRISC) per cell'),
  ];
  const rx: ReactionDoc[] = [
    { id: 'transcription', name: 'Pol II transcription of pri-miRNA', equation: '-> pri', rate: 'k_tx' },
    { id: 'cropping', name: 'Drosha/DGCR8 cropping', equation: 'pri -> pre_nuc', rate: 'k_drosha * pri' },
    { id: 'export', name: 'Exportin-5 export', equation: 'pre_nuc -> pre', rate: 'k_export * pre_nuc' },
    { id: 'pre_decay', name: 'decay of unprocessed pre-miRNA', equation: 'pre ->', rate: 'ln(2) / t_half_pre * pre' },
  ];
  if (pathway === 'canonical') {
    sp.push(species('duplex', 'miRNA/miRNA* duplex copies per cell'));
    rx.push(
      { id: 'dicing', name: 'Dicer/TRBP dicing to the duplex', equation: 'pre -> duplex', rate: 'dicer_activity * k_dice * pre' },
      { id: 'strand_selection', name: 'strand selection: guide arm', equation: 'duplex -> miR', rate: 'f_guide * k_sel * duplex' },
      { id: 'passenger_selection', name: 'strand selection: the other arm (not modelled)', equation: 'duplex ->', rate: '(1 - f_guide) * k_sel * duplex' },
    );
  } else {
    sp.push(species('acpre', 'AGO2-cleaved pre-miR-451 (ac-pre-miRNA, functional, untrimmed) per cell'));
    rx.push(
      { id: 'ago2_slicing', name: 'AGO2 loading and slicing of the pre-miRNA (Dicer-independent)', equation: 'pre -> acpre', rate: 'k_ago_slice * pre' },
      { id: 'parn_trimming', name: 'PARN trimming to the mature miRNA', equation: 'acpre -> miRISC', rate: 'k_parn * acpre' },
      { id: 'acpre_decay', name: 'turnover of ac-pre-miRNA RISC', equation: 'acpre ->', rate: 'ln(2) / t_half_miR * acpre' },
    );
  }
  rx.push(
    { id: 'risc_loading', name: 'AGO2/GW182 loading of the guide (miRISC)', equation: 'miR -> miRISC', rate: 'k_load * miR' },
    { id: 'free_decay', name: 'decay of free guide strands', equation: 'miR ->', rate: 'ln(2) / t_half_free * miR' },
    { id: 'risc_decay', name: 'mature miRNA turnover', equation: 'miRISC ->', rate: 'ln(2) / t_half_miR * miRISC' },
  );
  const observables = [
    pathway === 'canonical'
      ? { id: 'duplex_production', name: 'duplex production (dicing flux) per cell', formula: 'dicer_activity * k_dice * pre', unit: 'molecule/min' }
      : { id: 'duplex_production', name: 'AGO2 slicing flux per cell (Dicer-independent)', formula: 'k_ago_slice * pre', unit: 'molecule/min' },
    {
      id: 'mature_total', name: 'mature miRNA per cell (free + miRISC' + (pathway === 'canonical' ? ')' : ' + ac-pre)'),
      formula: pathway === 'canonical' ? 'miR + miRISC' : 'miR + miRISC + acpre', unit: 'molecule',
    },
  ];
  return {
    id: opts?.['id'] ?? 'biogenesis',
    name: `miRNA biogenesis (${pathway})`,
    description: 'pri-miRNA -> pre-miRNA (Drosha/DGCR8) -> export (Exportin-5) -> ' +
      (pathway === 'canonical' ? 'Dicer/TRBP dicing -> duplex -> strand selection' : 'AGO2 slicing -> PARN trimming (Dicer-independent, miR-451)') +
      ' -> AGO2/GW182 miRISC, turnover; counts per cell.',
    ports: ['cell', 'pri', 'pre', 'miR', 'miRISC'],
    compartments: [{ id: 'cell', size: 1.4, unit: 'pL', description: 'cytoplasm of one cell (Mihaila et al. 2017 V_intra = 1.4 pL, parameters.md §5)' }],
    species: sp,
    parameters: parameters(pathway),
    reactions: rx,
    observables,
  };
}

/** Canonical steady state of miRISC (molecule): k_tx · f_tx→duplex · f_guide · f_loaded / k_risc_deg (equations above). */
function steadyMiRISC(P: Map<string, ParameterDoc>): number {
  const v = (id: string): number => P.get(id)?.value ?? NaN;
  const ln2 = Math.LN2;
  const kPreDeg = ln2 / (v('t_half_pre') * 60); // 1/min
  const kProc = P.has('k_dice') ? v('k_dice') * v('dicer_activity') : v('k_ago_slice');
  const toDuplex = kProc / (kProc + kPreDeg);
  const kFree = ln2 / (v('t_half_free') * 60);
  const loaded = P.has('k_dice') ? v('f_guide') * (v('k_load') / (v('k_load') + kFree)) : 1;
  return (v('k_tx') * toDuplex * loaded) / (ln2 / (v('t_half_miR') * 60));
}

function fmt(p: ParameterDoc): string {
  return `${p.id} = ${p.value} ${p.unit}`;
}

export const mechanism: Mechanism = {
  id: 'biogenesis',
  number: 1,
  title: 'miRNA biogenesis',
  summary:
    'Transcription of pri-miRNA, Drosha/DGCR8 cropping, Exportin-5 export, Dicer/TRBP dicing to a duplex, strand selection and ' +
    'AGO2/GW182 loading into miRISC, with turnover of every intermediate, as first-order (mass-action) steps in one cell; the ' +
    'Dicer-independent miR-451 route (AGO2 slicing, PARN trimming) is an option. Main assumption: Dicer and AGO are not saturated ' +
    '(pre-miRNA pools far below the Dicer K_M of ~25 nM, AGO in excess), so every step is first order.',
  ports: [
    { id: 'cell', kind: 'compartment', description: 'cytoplasm of the cell (pL)' },
    { id: 'pri', kind: 'species', description: 'pri-miRNA copies per cell (molecule)' },
    { id: 'pre', kind: 'species', description: 'cytoplasmic pre-miRNA copies per cell (molecule); sorting may export it' },
    { id: 'miR', kind: 'species', description: 'free mature guide strands (not in AGO) per cell (molecule); exosome-delivered miRNA enters here' },
    { id: 'miRISC', kind: 'species', description: 'AGO-loaded mature miRNA per cell (molecule); drives target silencing' },
  ],
  options: [
    { name: 'pathway', choices: ['canonical', 'dicer-independent'], default: 'canonical', help: 'canonical Dicer/TRBP route, or the Dicer-independent miR-451 route (AGO2 slicing + PARN trimming; Yoda et al. 2013)' },
  ],
  module: moduleDoc,
  describe(opts) {
    const doc = moduleDoc(opts);
    const P = new Map((doc.parameters ?? []).map((p) => [p.id, p]));
    const g = (id: string): string => fmt(P.get(id)!);
    const s: string[] = [
      `pri-miRNA is transcribed at ${g('k_tx')} (the duplex production rate of a highly expressed miRNA, Kingston & Bartel 2019).`,
      `Drosha/DGCR8 crops pri-miRNA to pre-miRNA at ${g('k_drosha')}, and Exportin-5 exports it to the cytoplasm at ${g('k_export')}.`,
    ];
    if (pathwayOf(opts) === 'canonical') {
      s.push(
        `Dicer/TRBP dices cytoplasmic pre-miRNA at ${g('k_dice')} times ${g('dicer_activity')} (knock-down or block lowers dicer_activity); unprocessed pre-miRNA decays with half-life ${g('t_half_pre')}.`,
        `Strand selection releases the guide arm at ${g('k_sel')}, with fraction ${g('f_guide')} of duplexes giving the modelled arm.`,
      );
    } else {
      s.push(
        `Dicer-independent route (miR-451): AGO2 loads and slices the pre-miRNA at ${g('k_ago_slice')} and PARN trims it at ${g('k_parn')}; Dicer activity has no effect; unprocessed pre-miRNA decays with half-life ${g('t_half_pre')}.`,
      );
    }
    s.push(
      `Free guide strands load into AGO2/GW182 (miRISC) at ${g('k_load')} or decay with half-life ${g('t_half_free')}; the mean duplex-to-miRISC time is 1/k_sel + 1/k_load = 20 min, below the < 30 min of Kingston & Bartel 2019.`,
      `Mature miRNA in miRISC turns over with half-life ${g('t_half_miR')} (median, Kingston & Bartel 2019); with these defaults a highly expressed miRNA reaches about ${steadyMiRISC(P).toPrecision(2)} miRISC copies per cell at steady state.`,
    );
    return s;
  },
  references: [
    'Kingston ER, Bartel DP (2019) Global analyses of the dynamics of mammalian microRNA metabolism. Genome Res 29:1777-1790. doi:10.1101/gr.251421.119',
    'Yoda M et al. (2013) Poly(A)-specific ribonuclease mediates 3′-end trimming of Argonaute2-cleaved precursor microRNAs. Cell Rep 5:715-726. doi:10.1016/j.celrep.2013.09.029',
    'Chakravarthy S et al. (2010) Substrate-specific kinetics of Dicer-catalyzed RNA processing. J Mol Biol 404:392-402. doi:10.1016/j.jmb.2010.09.030',
    'Tsutsumi A et al. (2011) Recognition of the pre-miRNA structure by Drosophila Dicer-1. Nat Struct Mol Biol 18:1153-1158. doi:10.1038/nsmb.2125',
    'Lund E et al. (2004) Nuclear export of microRNA precursors. Science 303:95-98. doi:10.1126/science.1090599',
    'Morlando M et al. (2008) Primary microRNA transcripts are processed co-transcriptionally. Nat Struct Mol Biol 15:902-909. doi:10.1038/nsmb.1475',
    'Winter J, Diederichs S (2011) Argonaute proteins regulate microRNA stability. RNA Biol 8:1149-1157. doi:10.4161/rna.8.6.17665',
  ],
};

/**
 * The biomarker figures of ../shared/domain/parameters.md, typed in by hand with their section, tag and source
 * (the knowledge base's second part, beside Table 1 of the review). Values are verbatim from parameters.md; the
 * tag is parameters.md's provenance tag (S primary, S2 secondary, R recalled, D derived).
 */

export interface BiomarkerFigure {
  id: string;
  /** Tumour type the figure is about (null: not tumour-specific). */
  tumorType: string | null;
  /** miRNAs as the source names them (resolved to miRBase names by the knowledge base). */
  mirnas: string[];
  /** Non-miRNA marker (e.g. CA125), if any. */
  marker?: string;
  sample: string;
  quantity: string;
  value: number | string;
  unit: string;
  source: string;
  /** parameters.md section (and §0 row). */
  section: string;
  tag: 'S' | 'S2' | 'C' | 'D' | 'R';
  confidence?: 'hi' | 'med' | 'lo';
}

const HG = 'Hori SS & Gambhir SS (2011) Sci Transl Med 3:109ra116 (PMC3423335)';
const HG_T = 'Hori & Gambhir 2011 parameters as tabulated in J Transl Med 2018 doi 10.1186/s12967-018-1432-8, Table 1';
const BIOMED = 'Biomedicines 2015 3(4):270, tables (mdpi 2227-9059/3/4/270)';

export const BIOMARKER_FIGURES: readonly BiomarkerFigure[] = [
  { id: 'mitchell2008-auc', tumorType: 'Prostate cancer', mirnas: ['miR-141'], sample: 'Serum', quantity: 'ROC AUC, patients (n = 25) vs healthy men (n = 25)', value: 0.907, unit: 'dimensionless', source: 'Mitchell PS et al. (2008) PNAS 105:10513 (PMC2492472)', section: '§6', tag: 'R', confidence: 'med' },
  { id: 'mitchell2008-sensitivity', tumorType: 'Prostate cancer', mirnas: ['miR-141'], sample: 'Serum', quantity: 'sensitivity at 100 % specificity', value: 0.6, unit: 'fraction', source: 'Mitchell PS et al. (2008) PNAS 105:10513', section: '§6', tag: 'R', confidence: 'med' },
  { id: 'mitchell2008-xenograft', tumorType: 'Prostate cancer', mirnas: ['miR-141'], sample: 'Plasma (mouse xenografts), serum', quantity: 'tumour-derived miRNAs enter the circulation, are RNase-protected, and separate xenografted mice from controls; serum miR-141 separates patients from healthy controls', value: 'qualitative', unit: '-', source: 'Mitchell PS et al. (2008) PNAS 105:10513 (PMC2492472)', section: '§6', tag: 'S' },
  { id: 'kelly2015-postop', tumorType: 'Prostate cancer', mirnas: ['miR-141'], sample: 'Serum', quantity: 'time after radical prostatectomy at which serum miR-141 "returned to normal" (20 patients)', value: 10, unit: 'day', source: 'Kelly BD et al. (2015) J Clin Med 4:1369 (PMC4519795)', section: '§6, §10', tag: 'S' },
  { id: 'aushev2013-postop', tumorType: 'Lung squamous cell carcinoma', mirnas: ['miR-205', 'miR-19a', 'miR-19b', 'miR-30b', 'miR-20a'], sample: 'Plasma', quantity: 'plasma miRNAs fall after tumour removal', value: 'qualitative', unit: '-', source: 'Aushev VN et al. (2013) PLoS One 8:e78649', section: '§6', tag: 'R', confidence: 'med' },
  { id: 'wozniak2015-panel', tumorType: 'Non-small-cell lung cancer', mirnas: [], marker: '24-miRNA plasma panel', sample: 'Plasma', quantity: 'ROC AUC for early NSCLC (0.94 with sex/age/smoking; optimism-corrected 0.78)', value: 0.92, unit: 'dimensionless', source: 'Wozniak MB et al. (2015) PLoS One 10:e0125026', section: '§6', tag: 'S' },
  { id: 'biomedicines2015-prostate', tumorType: 'Prostate cancer', mirnas: ['miR-141', 'miR-16', 'miR-92a', 'miR-92b', 'miR-103', 'miR-107', 'miR-197', 'miR-34b', 'miR-328', 'miR-485-3p', 'miR-486-5p', 'miR-574-3p', 'miR-636', 'miR-640', 'miR-766', 'miR-885-5p'], sample: 'Serum', quantity: 'miRNAs up in serum of prostate cancer patients', value: 'up', unit: '-', source: BIOMED, section: '§6', tag: 'S' },
  { id: 'biomedicines2015-breast-up', tumorType: 'Breast cancer', mirnas: ['miR-10b', 'miR-155', 'miR-195'], sample: 'Serum/plasma', quantity: 'miRNAs up in breast cancer', value: 'up', unit: '-', source: BIOMED, section: '§6', tag: 'S' },
  { id: 'biomedicines2015-breast-down', tumorType: 'Breast cancer', mirnas: ['miR-34a'], sample: 'Serum/plasma', quantity: 'miRNA down in breast cancer', value: 'down', unit: '-', source: BIOMED, section: '§6', tag: 'S' },
  { id: 'biomedicines2015-mir221', tumorType: 'Ovarian cancer; melanoma; lymphoma', mirnas: ['miR-221'], sample: 'Serum/plasma', quantity: 'miR-221 in ovarian cancer, melanoma and lymphoma', value: 'up', unit: '-', source: BIOMED, section: '§6', tag: 'S' },
  { id: 'biomedicines2015-lung', tumorType: 'Lung cancer', mirnas: ['miR-20a', 'miR-24', 'miR-25', 'miR-145', 'miR-152', 'miR-199-5p', 'miR-221', 'miR-222', 'miR-223', 'miR-320'], sample: 'Serum/plasma', quantity: 'miRNAs altered in lung cancer', value: 'altered', unit: '-', source: BIOMED, section: '§6', tag: 'S' },
  { id: 'hori2011-time', tumorType: 'Ovarian cancer', mirnas: [], marker: 'CA125', sample: 'Plasma', quantity: 'tumour growth (from one cell) before CA125 detection', value: 10.1, unit: 'year', source: HG, section: '§6, §0 #24', tag: 'S' },
  { id: 'hori2011-diameter', tumorType: 'Ovarian cancer', mirnas: [], marker: 'CA125', sample: 'Plasma', quantity: 'spherical tumour diameter at CA125 detection (volume pi/6 d^3 = (20.44 mm)^3 = 8.5 cm3)', value: 25.36, unit: 'mm', source: HG, section: '§6, §0 #24', tag: 'S' },
  { id: 'hori2011-shedding-gap', tumorType: 'Ovarian cancer', mirnas: [], marker: 'CA125', sample: 'Plasma', quantity: 'factor by which current biomarker shedding rates are too low for detection within the first decade', value: 1e4, unit: 'fold', source: HG, section: '§6', tag: 'S' },
  { id: 'hori2011-healthy-influx', tumorType: 'Ovarian cancer', mirnas: [], marker: 'CA125', sample: 'Plasma', quantity: 'healthy-cell CA125 influx f_h R_h N_h', value: 4.56e3, unit: 'U/day', source: HG_T, section: '§6', tag: 'S2' },
  { id: 'hori2011-f-t', tumorType: 'Ovarian cancer', mirnas: [], marker: 'CA125', sample: 'Plasma', quantity: 'fraction of tumour biomarker entering the vasculature f_t', value: 0.1, unit: 'fraction', source: HG_T, section: '§6', tag: 'S2' },
  { id: 'hori2011-R-t', tumorType: 'Ovarian cancer', mirnas: [], marker: 'CA125', sample: 'Plasma', quantity: 'shedding rate per tumour cell R_t', value: 4.5e-5, unit: 'U/day/cell', source: HG_T, section: '§6', tag: 'S2' },
  { id: 'hori2011-k-gr', tumorType: 'Ovarian cancer', mirnas: [], marker: 'CA125', sample: '-', quantity: 'tumour growth rate k_gr (doubling 120 d)', value: 5.78e-3, unit: '1/day', source: HG_T, section: '§6', tag: 'S2' },
  { id: 'hori2011-k-e', tumorType: 'Ovarian cancer', mirnas: [], marker: 'CA125', sample: 'Plasma', quantity: 'plasma elimination rate k_et (t1/2 6.3 d)', value: 0.11, unit: '1/day', source: HG_T, section: '§6, §0 #23', tag: 'S2' },
  { id: 'hori2011-cutoff', tumorType: 'Ovarian cancer', mirnas: [], marker: 'CA125', sample: 'Plasma', quantity: 'assay cut-off, healthy vs disease (biomarker from tumour and healthy cells)', value: 34.11, unit: 'U/mL', source: HG_T, section: '§6', tag: 'S2' },
  { id: 'hori2011-lod', tumorType: 'Ovarian cancer', mirnas: [], marker: 'CA125', sample: 'Plasma', quantity: 'assay detection limit (biomarker from tumour cells alone)', value: 1.5, unit: 'U/mL', source: HG_T, section: '§6', tag: 'S2' },
  { id: 'hori2011-plasma-volume', tumorType: null, mirnas: [], marker: 'CA125', sample: 'Plasma', quantity: 'plasma volume, 70-year-old woman', value: 3150, unit: 'mL', source: HG_T, section: '§6, §1.4', tag: 'S2' },
  { id: 'chevillet2014-copies', tumorType: null, mirnas: [], sample: 'Plasma, seminal fluid, cell-line exosomes', quantity: 'copies of the most abundant miRNA per exosome (mean; SD 0.02)', value: 0.00825, unit: 'molecule/exosome', source: 'Chevillet JR et al. (2014) PNAS 111:14888', section: '§2.1, §0 #12', tag: 'S' },
  { id: 'plasma-ev-fraction', tumorType: null, mirnas: [], sample: 'Plasma', quantity: 'fraction of plasma miRNA inside EVs (a minority; use 0.1)', value: 0.1, unit: 'fraction', source: 'Chevillet 2014; Arroyo JD et al. (2011) PNAS 108:5003; Turchinovich A et al. (2011) NAR 39:7223', section: '§2.1, §0 #13', tag: 'R', confidence: 'med' },
  { id: 'qpcr-lod', tumorType: null, mirnas: [], sample: '-', quantity: 'practical qPCR detection limit (ddPCR ~1-3 copies/uL)', value: '10-100', unit: 'copies/reaction', source: 'parameters.md §6 (recalled); Chen C et al. (2005) NAR 33:e179', section: '§6', tag: 'R', confidence: 'med' },
  { id: 'plasma-ev-concentration', tumorType: null, mirnas: [], sample: 'Plasma', quantity: 'plasma EV concentration, healthy (method-dependent range 1e8-1e13)', value: 1e10, unit: 'particles/mL', source: 'Johnsen KB et al. (2019) BBA Rev Cancer (read.qxmd.com/read/30528756)', section: '§1.4, §0 #7', tag: 'S' },
  { id: 'plasma-ev-fold-cancer', tumorType: null, mirnas: [], sample: 'Plasma', quantity: 'plasma EV fold-increase in cancer (range 1-10)', value: 2, unit: 'fold', source: 'parameters.md §0 #8 (recalled)', section: '§0 #8', tag: 'R', confidence: 'lo' },
];

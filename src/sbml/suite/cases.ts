/**
 * Discovery and classification of SBML Test Suite semantic cases on disk. A cases directory holds one folder
 * per case, named by its five-digit id `NNNNN`, with `NNNNN-settings.txt`, `NNNNN-results.csv`,
 * `NNNNN-model.m` and one or more `NNNNN-sbml-lXvY.xml`. This module is an explicitly allowed file loader
 * (it reads the case folders; it never writes).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseModelDescription, parseSettings, readResultsCsv, type ModelDescription, type NumericTable, type SuiteSettings } from './files.js';

export interface CaseRef {
  /** Five-digit case id, e.g. `00001`. */
  id: string;
  /** The case folder. */
  dir: string;
  /** Path of the highest SBML Level/Version file present (undefined when the folder has none). */
  sbmlPath?: string;
  /** Level and version of `sbmlPath`. */
  level?: number;
  version?: number;
  /** All `[level, version]` pairs present, highest first. */
  available: [number, number][];
}

export interface CaseInfo extends CaseRef, ModelDescription {
  settingsPath: string;
  resultsPath: string;
  modelPath: string;
}

const SBML_FILE = /^(\d{5})-sbml-l(\d+)v(\d+)\.xml$/;

/** The case folder's SBML files, highest Level then Version first. */
function sbmlFiles(dir: string, id: string): { path: string; level: number; version: number }[] {
  const out: { path: string; level: number; version: number }[] = [];
  for (const name of readdirSync(dir)) {
    const m = SBML_FILE.exec(name);
    if (m && m[1] === id) out.push({ path: join(dir, name), level: Number(m[2]), version: Number(m[3]) });
  }
  return out.sort((a, b) => b.level - a.level || b.version - a.version);
}

/** Describe one case folder (no parsing of its files). */
export function caseRef(casesDir: string, id: string): CaseRef {
  const dir = join(casesDir, id);
  const files = sbmlFiles(dir, id);
  const ref: CaseRef = { id, dir, available: files.map((f) => [f.level, f.version]) };
  const best = files[0];
  if (best) {
    ref.sbmlPath = best.path;
    ref.level = best.level;
    ref.version = best.version;
  }
  return ref;
}

/** Every case folder (`NNNNN/` holding `NNNNN-settings.txt`) under `casesDir`, in id order. */
export function listCases(casesDir: string): CaseRef[] {
  return readdirSync(casesDir)
    .filter((name) => /^\d{5}$/.test(name))
    .filter((name) => {
      const dir = join(casesDir, name);
      return statSync(dir).isDirectory() && existsSync(join(dir, `${name}-settings.txt`));
    })
    .sort()
    .map((id) => caseRef(casesDir, id));
}

/** Paths of the case's settings, results and description files. */
export function casePaths(dir: string, id: string): { settingsPath: string; resultsPath: string; modelPath: string } {
  return {
    settingsPath: join(dir, `${id}-settings.txt`),
    resultsPath: join(dir, `${id}-results.csv`),
    modelPath: join(dir, `${id}-model.m`),
  };
}

/** Case reference plus the tags and test type from `NNNNN-model.m` (throws ExosimError if it is malformed). */
export function caseInfo(casesDir: string, id: string): CaseInfo {
  const ref = caseRef(casesDir, id);
  const paths = casePaths(ref.dir, id);
  const desc = parseModelDescription(readFileSync(paths.modelPath, 'utf8'), paths.modelPath);
  return { ...ref, ...desc, ...paths };
}

/** Read and parse the case's settings file. */
export function readCaseSettings(info: { settingsPath: string }): SuiteSettings {
  return parseSettings(readFileSync(info.settingsPath, 'utf8'), info.settingsPath);
}

/**
 * Read the case's expected results. A file without a header gets `time` plus the settings' variables.
 */
export function readCaseResults(info: { resultsPath: string }, settings?: SuiteSettings): NumericTable {
  const t = readResultsCsv(readFileSync(info.resultsPath, 'utf8'), info.resultsPath);
  if (t.header.length === 0 && settings) return { header: ['time', ...settings.variables], rows: t.rows };
  return t;
}

/**
 * Packages ExoSim's simulator handles in time courses: comp (hierarchical models, flattened by src/sbml/comp.ts).
 * Pass as `isTimeCourse(info, { supportedPackages: EXOSIM_SUPPORTED_PACKAGES })`.
 */
export const EXOSIM_SUPPORTED_PACKAGES: readonly string[] = ['comp'];

/** Packages whose presence makes a case something other than a plain time course (README of the data). */
export const NON_TIME_COURSE_PACKAGES: readonly string[] = ['fbc', 'fbc_v1', 'fbc_v2', 'comp'];

/**
 * True for plain SBML core time courses: testType `TimeCourse` (or missing) and no package from
 * `NON_TIME_COURSE_PACKAGES` in packagesPresent or as a `pkg:` prefix of a tag. Pass `supportedPackages` to
 * admit packages a simulator handles (e.g. `['comp']` once hierarchical models are flattened).
 */
export function isTimeCourse(
  info: Pick<ModelDescription, 'testType' | 'componentTags' | 'testTags'> & { packagesPresent?: readonly string[] },
  options: { supportedPackages?: readonly string[] } = {},
): boolean {
  const type = info.testType.trim().toLowerCase();
  if (type !== '' && type !== 'timecourse') return false; // FluxBalanceSteadyState, steady-state, ...
  const supported = new Set(options.supportedPackages ?? []);
  const blocked = (pkg: string): boolean => {
    const base = pkg.replace(/_v\d+$/, ''); // fbc_v2 -> fbc
    return NON_TIME_COURSE_PACKAGES.includes(pkg) && !supported.has(base);
  };
  for (const p of info.packagesPresent ?? []) if (blocked(p)) return false;
  for (const tag of [...info.componentTags, ...info.testTags]) {
    const colon = tag.indexOf(':');
    if (colon > 0 && blocked(tag.slice(0, colon))) return false;
  }
  return true;
}

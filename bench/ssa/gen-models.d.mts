/** Types of gen-models.mjs (bench/ssa model generator), for TypeScript tests. */
export interface SsaReaction {
  id: string;
  /** Mass-action constant c: a = c * prod h(x_i, order). */
  k: number;
  /** [species index, order] (order 1..3). */
  reactants: [number, number][];
  /** [species index, net change]. */
  change: [number, number][];
}
export interface SsaModel {
  name: string;
  title: string;
  /** The ExoSim model file (DSMTS SBML, committed toy YAML); absent for generated models (use toYaml). */
  exosimFile?: string;
  seed?: number;
  species: { id: string; x0: number }[];
  reactions: SsaReaction[];
  tEnd: number;
  outputs: number;
}
export interface ManifestEntry {
  name: string;
  title: string;
  ssaFile: string;
  exosimFile: string;
  tEnd: number;
  outputs: number;
  species: number;
  reactions: number;
}
export const DEFAULT_SEED: number;
export const DSMTS_DIMERISATION: string;
export const TOY_YAML: string;
export function propensity(r: SsaReaction, x: ArrayLike<number>): number;
export function rates(model: SsaModel, x: ArrayLike<number>, out: Float64Array): Float64Array;
export function dimerisation(file?: string): SsaModel;
export function exosomeToy(): SsaModel;
export function toyYaml(): string;
export function network(opts?: { seed?: number; species?: number; conversions?: number; bimolecular?: number; productions?: number; degradations?: number }): SsaModel;
export function linear(): SsaModel;
export function toSsaText(model: SsaModel): string;
export function rateExpr(model: SsaModel, r: SsaReaction, kName: string): string;
export function toYaml(model: SsaModel): string;
export function benchModels(opts?: { seed?: number }): SsaModel[];
export function writeModels(outDir: string, opts?: { seed?: number }): ManifestEntry[];

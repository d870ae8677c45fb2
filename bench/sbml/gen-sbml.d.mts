/** Types of gen-sbml.mjs (bench/sbml model generator), for TypeScript tests. */
export interface GenerateSbmlOptions {
  seed?: number;
  species?: number;
  conversions?: number;
  bimolecular?: number;
  productions?: number;
  degradations?: number;
}
export interface GeneratedSbml {
  text: string;
  counts: {
    species: number;
    reactions: number;
    compartments: number;
    localParameters: number;
    assignmentRules: number;
    rateRules: number;
    initialAssignments: number;
  };
  tEnd: number;
}
export function generateSbml(opts?: GenerateSbmlOptions): GeneratedSbml;

/**
 * Contract of the mechanism library (issue 5): each of SYSTEM.md's mechanisms 1-13 is a module of the model
 * language (ModuleDoc: ports, species, parameters with value, unit, range, source and confidence, reactions,
 * rules, observables) plus metadata, so that scenarios compose them by instancing (`instances:` with dotted
 * names, src/model/flatten.ts) and users can do the same in YAML (`exosim mechanisms --yaml <id>`).
 *
 * Every parameter default comes from ../shared/domain/parameters.md (the `source.citation` names the paper and
 * the parameters.md section; `source.tag` is its provenance tag S, S2, C, D or R; `confidence` is high, medium or
 * low). A parameter that parameters.md does not give is marked tag 'D' (derived, with the formula in `note`) or
 * 'R' with confidence 'low', and the README of the mechanism says so.
 */
import type { ModuleDoc } from '../model/types.js';

export interface MechanismPort {
  /** Id of the module entity (species, compartment or parameter) that instances bind. */
  id: string;
  kind: 'species' | 'compartment' | 'parameter';
  /** What the port means, with its unit. */
  description: string;
}

export interface MechanismVariantOption {
  /** Option name (e.g. `maturation: 'melo2014' | 'jeppesen2019'`). */
  name: string;
  /** The accepted values (for a free-form option: examples, possibly none). */
  choices: string[];
  /** Free-form value (a sequence, a name): any string is accepted and the module checks it. */
  free?: boolean;
  default: string;
  help: string;
}

export interface Mechanism {
  /** kebab-case id; also the folder name src/mechanisms/<id>/. */
  id: string;
  /** Number of the mechanism in ../shared/SYSTEM.md (1-13). */
  number: number;
  title: string;
  /** One paragraph: what the module represents and its main assumption. */
  summary: string;
  ports: MechanismPort[];
  /** Build options (switches such as the Melo/Jeppesen maturation switch); empty when none. */
  options: MechanismVariantOption[];
  /**
   * The module document. `opts` selects variants (values from `options`); the module id defaults to the mechanism
   * id with '-' replaced by '_' (module ids are identifiers).
   */
  module(opts?: Record<string, string>): ModuleDoc;
  /** The module in sentences (what each reaction and rule does, with parameter values and units). */
  describe(opts?: Record<string, string>): string[];
  /** Full citations of the sources of the mechanism (papers, not parameters.md). */
  references: string[];
}

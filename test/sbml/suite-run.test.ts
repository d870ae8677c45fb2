/**
 * The SBML Test Suite cases committed in test/sbml-suite/cases, run through the ExoSim importer, compiler and
 * simulator (src/sbml/suite/exosim-simulator.ts) and scored with the suite's own rule against the suite's
 * expected results (independent reference values produced by the SBML Test Suite).
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runSuite } from '../../src/sbml/suite/index.js';
import { simulateCase } from '../../src/sbml/suite/exosim-simulator.js';

const CASES = fileURLToPath(new URL('../sbml-suite/cases', import.meta.url));

/**
 * Regression floor: passed cases measured on 2026-11-21: 31 of the 74 time-course cases of this deliberately
 * hard subset with the importer's first version (most of the rest use features the importer refuses); 35 once
 * constant species-reference stoichiometries (initial assignments, ids used in math) were supported; 41 once
 * constant stoichiometryMath and constant conversion factors were supported; 50 of 80 once rateOf was supported
 * (6 CSymbolRateOf cases added to the subset; 9 CSymbolRateOf cases pass, 01409 also needs delay()); 66 of 85
 * once delay() was supported (4 CSymbolDelay cases added; all 9 CSymbolDelay cases pass except 01539, a fast
 * reaction).
 */
const PASS_FLOOR = 66;

/** Tags of features the importer refuses: such cases must error with E_SBML_UNSUPPORTED, never give numbers. */
const UNSUPPORTED_TAGS = [
  'FastReaction',
];
// AssignedConstantStoichiometry and SpeciesReferenceInMath (constant stoichiometry set by an initial assignment,
// or a species-reference id used in math) are supported: the importer fixes the value at t0. So are
// StoichiometryMath constant in time (evaluated at t0; time-varying ones are tagged AssignedVariableStoichiometry)
// and ConversionFactors given by constant parameters (the committed ConversionFactors cases that remain refused
// also carry AssignedVariableStoichiometry). CSymbolRateOf is supported (src/compile/rate-of.ts), and so is
// CSymbolDelay (src/compile/delay.ts).

describe('SBML Test Suite (committed subset) through importSbml + compileModel + simulate', () => {
  it('passes at least the measured number of cases and refuses unsupported features', async () => {
    const summary = await runSuite(CASES, simulateCase);
    expect(summary.run).toBe(85);
    expect(summary.passed).toBeGreaterThanOrEqual(PASS_FLOOR);
    for (const r of summary.results) {
      const tags = [...(r.info?.componentTags ?? []), ...(r.info?.testTags ?? [])];
      if (!tags.some((t) => UNSUPPORTED_TAGS.includes(t))) continue;
      expect({ id: r.id, status: r.status }).toEqual({ id: r.id, status: 'errored' });
      expect(r.reason, r.id).toMatch(/E_SBML_UNSUPPORTED|E_UNSUPPORTED_FEATURE/);
    }
  }, 120_000);
});

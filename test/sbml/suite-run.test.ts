/**
 * The SBML Test Suite cases committed in test/sbml-suite/cases, run through the ExoSim importer, compiler and
 * simulator (src/sbml/suite/exosim-simulator.ts) and scored with the suite's own rule against the suite's
 * expected results (independent reference values produced by the SBML Test Suite).
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runSuite } from '../../src/sbml/suite/index.js';
import { EXOSIM_SUPPORTED_PACKAGES, isTimeCourse } from '../../src/sbml/suite/cases.js';
import { simulateCase } from '../../src/sbml/suite/exosim-simulator.js';

const CASES = fileURLToPath(new URL('../sbml-suite/cases', import.meta.url));

/**
 * Every committed time-course case (comp cases included) must pass, except the known failures below, which must
 * still fail (so that this list is updated when one is fixed). Measured 2026-11-21: all but 01539 pass.
 */
const KNOWN_FAILURES: Record<string, string> = {
  '01539': 'delay() of a species in a fast reaction before t0: the suite expects the pre-equilibrium initial value; ExoSim reads the equilibrated one',
};

describe('SBML Test Suite (committed subset) through importSbml + compileModel + simulate', () => {
  it('passes every time-course case except the documented known failures', async () => {
    const summary = await runSuite(CASES, simulateCase, { filter: (info) => isTimeCourse(info, { supportedPackages: EXOSIM_SUPPORTED_PACKAGES }) });
    expect(summary.run).toBeGreaterThanOrEqual(95);
    for (const r of summary.results) {
      if (KNOWN_FAILURES[r.id]) expect({ id: r.id, status: r.status }, KNOWN_FAILURES[r.id]).not.toEqual({ id: r.id, status: 'passed' });
      else expect({ id: r.id, status: r.status, reason: r.status === 'passed' ? '' : (r.reason ?? '') }).toEqual({ id: r.id, status: 'passed', reason: '' });
    }
  }, 120_000);
});

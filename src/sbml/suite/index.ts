/** SBML Test Suite (semantic cases) harness: file readers, scorer, case discovery and batch runner. */
export * from './files.js';
export * from './score.js';
export * from './cases.js';
export * from './runner.js';
export { makeEchoSimulator } from './echo.js';

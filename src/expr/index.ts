/**
 * ExoSim expression language: parse, print, simplify, differentiate, inline, generate JavaScript, interpret.
 * See ast.ts for the syntax and the AST contract.
 */
export * from './ast.js';
export {
  BUILTINS,
  type BuiltinSpec,
  AVOGADRO,
  CONSTANTS,
  TIME,
  KEYWORDS,
  NUMBER_WORDS,
  isBuiltin,
  isReservedName,
  factorial,
  FACTORIAL_JS,
} from './builtins.js';
export { parseExpression, type ParseOptions, closestNames, editDistance } from './parse.js';
export { printExpression, printNumber } from './print.js';
export { simplify, isBooleanValued } from './simplify.js';
export { differentiate } from './differentiate.js';
export {
  inlineFunctions,
  substitute,
  collectIdentifiers,
  collectCalls,
  collectUserCalls,
  structurallyEqual,
  transformBottomUp,
  foldBottomUp,
  forEachNode,
  num,
  bool,
  id,
  unary,
  binary,
  call,
} from './traverse.js';
export { generateJs, compileExpression } from './codegen.js';
export { evaluate } from './evaluate.js';

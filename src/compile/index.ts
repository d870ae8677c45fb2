/** Compiler: FlatModel -> CompiledModel (packed state, generated kernels, events with SBML semantics). */
export { compileModel, parameterLayout, declaredAsConcentration, codeGenerationAvailable, type CodegenMode, type CompileOptions, type ParameterLayout } from './compile.js';
export type { SbmlEventHooks } from './events.js';
export type { CompiledModel, OutputColumn, StateKind } from './types.js';

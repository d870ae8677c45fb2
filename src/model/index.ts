/** ExoSim model language: types, units, schema, loading, validation, flattening, builder, description. */
export * from './types.js';
export {
  AVOGADRO, DIMENSIONLESS, DIM_NAMES, type Dims, type BaseUnits, parseUnit, unit, dimsEqual, isDimensionless, multiplyUnits,
  divideUnits, powUnit, mulDims, divDims, scaleDims, formatDims, conversionFactor, knownUnitNames, baseScale, toBaseFactor,
} from './units.js';
export { modelDocSchema, modelJsonSchema, allowedKeysAt } from './schema.js';
export {
  loadModelText, detectFormat, locate, pathKey, fieldName, MAX_MODEL_TEXT, MAX_ALIAS_COUNT,
  type LoadOptions, type LoadResult, type ModelFormat,
} from './load.js';
export { validateModel, findCycles } from './validate.js';
export {
  flattenModel, flattenCore, parseEquation, reactionParticipants, resolveBaseUnits, speciesUnitInfo, functionMap,
  type EquationResult, type FlatOrigins,
} from './flatten.js';
export { modelBuilder, moduleBuilder, ModelBuilder, ModuleBuilder, loadedFromDoc } from './builder.js';
export { describeModel, describeSource } from './describe.js';

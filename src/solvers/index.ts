/** Public entry point of the solvers: contracts, registry, driver, steppers, steady state, linear algebra. */
export * from './types.js';
export { registerSolver, getSolver, hasSolver, listSolvers, selectSolver, autoDescriptor, AutoStepper } from './registry.js';
export { integrate } from './ode/driver.js';
export { dopri5Descriptor, Dopri5Stepper } from './ode/dopri5.js';
export { rodasDescriptor } from './ode/rodas.js';
export { bdfDescriptor } from './ode/bdf.js';
export {
  commonOdeSettingDescriptors,
  resolveOdeSettings,
  expandAtol,
  errorWeights,
  wrmsNorm,
  wrmsNormStep,
  initialStepSize,
  numberSetting,
} from './ode/common.js';
export type { ResolveOptions } from './ode/common.js';
export { findSteadyState } from './ode/steady-state.js';
export type { SteadyStateOptions, SteadyStateResult } from './ode/steady-state.js';
export * from './linalg/index.js';

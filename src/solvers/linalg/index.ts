/** Linear algebra for implicit solvers: dense and sparse LU, iteration matrices M = alpha*I - J. */
export type { IterationMatrix, IterationMatrixOptions, CreateIterationMatrix } from './types.js';
export { denseLuFactor, denseLuSolve, denseLuIsSingular, denseSolve } from './dense-lu.js';
export { SparseLu, analyzeSparseLu, withDiagonal } from './sparse-lu.js';
export type { SparseLuSymbolic, SparseLuOptions } from './sparse-lu.js';
export { createIterationMatrix, DenseIterationMatrix, SparseIterationMatrix, prefersSparse } from './iteration-matrix.js';

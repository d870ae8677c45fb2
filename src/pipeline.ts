/**
 * Text -> compiled model in one call: loadModelText -> flattenModel (validates first) -> compileModel.
 * Every stage's problems come back as diagnostics; compile-time ExosimErrors become diagnostics too.
 */
import { ExosimError, diag, hasErrors, type Diagnostic } from './diagnostics.js';
import type { FlatModel, LoadedModel } from './model/types.js';
import { loadModelText, flattenModel } from './model/index.js';
import { compileModel, type CompileOptions } from './compile/compile.js';
import type { CompiledModel } from './compile/types.js';

export interface CompileTextResult {
  compiled?: CompiledModel;
  loaded?: LoadedModel;
  flat?: FlatModel;
  diagnostics: Diagnostic[];
}

export function compileModelText(
  text: string,
  opts: { file?: string; format?: 'yaml' | 'json'; jacobian?: boolean; codegen?: 'js' | 'interpret' } = {},
): CompileTextResult {
  const diagnostics: Diagnostic[] = [];
  const loadOpts: { file?: string; format?: 'yaml' | 'json' } = {};
  if (opts.file !== undefined) loadOpts.file = opts.file;
  if (opts.format !== undefined) loadOpts.format = opts.format;
  const lr = loadModelText(text, loadOpts);
  diagnostics.push(...lr.diagnostics);
  const out: CompileTextResult = { diagnostics };
  if (!lr.loaded || hasErrors(lr.diagnostics)) return out;
  out.loaded = lr.loaded;
  const fr = flattenModel(lr.loaded);
  diagnostics.push(...fr.diagnostics);
  if (!fr.flat || hasErrors(fr.diagnostics)) return out;
  out.flat = fr.flat;
  try {
    const copts: CompileOptions = {};
    if (opts.jacobian !== undefined) copts.jacobian = opts.jacobian;
    if (opts.codegen !== undefined) copts.codegen = opts.codegen; // 'interpret': no generated code (CSP); see compileModel
    out.compiled = compileModel(fr.flat, copts);
  } catch (err) {
    if (err instanceof ExosimError) {
      diagnostics.push(...err.diagnostics.map((d) => (d.file === undefined && opts.file !== undefined ? { ...d, file: opts.file } : d)));
    } else {
      diagnostics.push(diag('E_COMPILE_INTERNAL', `Internal compiler error: ${(err as Error).message}`, { hint: 'Please report this with the model file.' }));
    }
  }
  return out;
}

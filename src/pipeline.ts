/**
 * Text -> compiled model in one call: loadModelText -> flattenModel (validates first) -> compileModel.
 * SBML documents (format 'sbml', or no format and text starting with `<?xml` / `<sbml`) go
 * importSbml -> compileModel instead; they have no LoadedModel (`loaded` stays undefined).
 * Every stage's problems come back as diagnostics; compile-time ExosimErrors become diagnostics too.
 */
import { ExosimError, diag, hasErrors, type Diagnostic } from './diagnostics.js';
import type { FlatModel, LoadedModel } from './model/types.js';
import { loadModelText, flattenModel } from './model/index.js';
import { compileModel, type CompileOptions } from './compile/compile.js';
import type { CompiledModel } from './compile/types.js';
import { importSbml } from './sbml/import.js';

/** Input formats of compileModelText: ExoSim YAML/JSON documents or SBML. */
export type ModelTextFormat = 'yaml' | 'json' | 'sbml';

/** Whether a text looks like an XML/SBML document: it starts (after a BOM and blanks) with `<?xml` or `<sbml`. */
export function isSbmlText(text: string): boolean {
  const s = text.replace(/^\uFEFF/, '').trimStart();
  return s.startsWith('<?xml') || s.startsWith('<sbml');
}

export interface CompileTextResult {
  compiled?: CompiledModel;
  loaded?: LoadedModel;
  flat?: FlatModel;
  diagnostics: Diagnostic[];
}

export function compileModelText(
  text: string,
  opts: {
    file?: string;
    format?: ModelTextFormat;
    jacobian?: boolean;
    codegen?: 'js' | 'interpret';
    /** SBML comp: reads an external model file named relative to the document (src/io/sbml-external.ts). */
    readExternal?: (source: string) => string | undefined;
  } = {},
): CompileTextResult {
  const diagnostics: Diagnostic[] = [];
  const out: CompileTextResult = { diagnostics };
  let flat: FlatModel;
  if (opts.format === 'sbml' || (opts.format === undefined && isSbmlText(text))) {
    const ir = importSbml(text, {
      ...(opts.file !== undefined ? { file: opts.file } : {}),
      ...(opts.readExternal ? { readExternal: opts.readExternal } : {}),
    });
    diagnostics.push(...ir.diagnostics);
    if (!ir.flat || hasErrors(ir.diagnostics)) return out;
    flat = ir.flat;
  } else {
    const loadOpts: { file?: string; format?: 'yaml' | 'json' } = {};
    if (opts.file !== undefined) loadOpts.file = opts.file;
    if (opts.format !== undefined) loadOpts.format = opts.format;
    const lr = loadModelText(text, loadOpts);
    diagnostics.push(...lr.diagnostics);
    if (!lr.loaded || hasErrors(lr.diagnostics)) return out;
    out.loaded = lr.loaded;
    const fr = flattenModel(lr.loaded);
    diagnostics.push(...fr.diagnostics);
    if (!fr.flat || hasErrors(fr.diagnostics)) return out;
    flat = fr.flat;
  }
  out.flat = flat;
  try {
    const copts: CompileOptions = {};
    if (opts.jacobian !== undefined) copts.jacobian = opts.jacobian;
    if (opts.codegen !== undefined) copts.codegen = opts.codegen; // 'interpret': no generated code (CSP); see compileModel
    out.compiled = compileModel(flat, copts);
  } catch (err) {
    if (err instanceof ExosimError) {
      diagnostics.push(...err.diagnostics.map((d) => (d.file === undefined && opts.file !== undefined ? { ...d, file: opts.file } : d)));
    } else {
      diagnostics.push(diag('E_COMPILE_INTERNAL', `Internal compiler error: ${(err as Error).message}`, { hint: 'Please report this with the model file.' }));
    }
  }
  return out;
}

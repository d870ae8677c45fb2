/**
 * File access of the library (the only place besides explicit loaders where src/ touches the file system).
 *
 * - writeFileAtomic: never leave a half-written file. Write `<file>.<pid>.<random>.tmp` in the same directory,
 *   fsync it, then rename over the target (rename is atomic on POSIX within one file system). On failure the
 *   temporary file is removed and an existing target is left untouched.
 * - readModelFile: read a model file as UTF-8 text with clear E_FILE_NOT_FOUND / E_FILE_READ diagnostics.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { diag, ExosimError } from '../diagnostics.js';

/** Atomically write `data` to `path`, creating missing parent directories. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new ExosimError([
      diag('E_FILE_WRITE', `cannot create directory '${dir}': ${errText(e)}`, {
        file: path,
        hint: 'choose an output path in a directory you can write to',
      }),
    ]);
  }
  const tmp = join(dir, `${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(tmp, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, path);
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw new ExosimError([
      diag('E_FILE_WRITE', `cannot write '${path}': ${errText(e)}`, {
        file: path,
        hint: 'check that the directory exists and is writable, and that the disk is not full',
      }),
    ]);
  }
}

/** 'sbml': an SBML document (imported with importSbml instead of the ExoSim loader). */
export type ModelFormat = 'yaml' | 'json' | 'sbml';

/**
 * Model format from a file name's extension (.yaml/.yml -> yaml, .json -> json, .xml/.sbml -> sbml);
 * undefined otherwise.
 */
export function modelFormatFromPath(path: string): ModelFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.xml') || lower.endsWith('.sbml')) return 'sbml';
  return undefined;
}

/** Whether a text looks like an XML/SBML document: it starts (after a BOM and blanks) with `<?xml` or `<sbml`. */
export function looksLikeSbml(text: string): boolean {
  const s = text.replace(/^\uFEFF/, '').trimStart();
  return s.startsWith('<?xml') || s.startsWith('<sbml');
}

/**
 * Read a model file (UTF-8). Throws ExosimError with E_FILE_NOT_FOUND, E_FILE_READ or E_FILE_FORMAT.
 * `displayName` (default `path`) is the name used in diagnostics and returned as `file` (e.g. the path as the
 * user typed it, while `path` is resolved against a working directory).
 */
export async function readModelFile(
  path: string,
  options: { displayName?: string } = {},
): Promise<{ text: string; file: string; format: ModelFormat }> {
  const shown = options.displayName ?? path;
  const byName = modelFormatFromPath(path);
  let text: string;
  try {
    const st = await stat(path);
    if (st.isDirectory()) {
      throw new ExosimError([
        diag('E_FILE_READ', `'${shown}' is a directory, not a model file`, { file: shown, hint: 'give the path of a .yaml, .json or SBML (.xml) model file' }),
      ]);
    }
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof ExosimError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ExosimError([
        diag('E_FILE_NOT_FOUND', `model file '${shown}' does not exist`, {
          file: shown,
          hint: 'check the path (relative paths are resolved from the current directory)',
        }),
      ]);
    }
    throw new ExosimError([
      diag('E_FILE_READ', `cannot read model file '${shown}': ${errText(e)}`, {
        file: shown,
        hint: 'check the file permissions',
      }),
    ]);
  }
  // Content first: an XML document is SBML whatever its name; otherwise the extension decides.
  const format: ModelFormat | undefined = looksLikeSbml(text) ? 'sbml' : byName;
  if (!format) {
    throw new ExosimError([
      diag('E_FILE_FORMAT', `cannot tell the model format of '${shown}' from its extension`, {
        file: shown,
        hint: 'name model files *.yaml, *.yml or *.json (ExoSim) or *.xml, *.sbml (SBML)',
      }),
    ]);
  }
  return { text, file: shown, format };
}

function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err && typeof err.message === 'string' ? err.message : String(e);
}

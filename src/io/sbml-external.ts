/**
 * File access for SBML comp external model definitions (the importer itself has no file access).
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Reader of comp external model files next to the SBML document `docPath` (for importSbml's `readExternal`):
 * `source` is a relative path (the importer refuses URLs, absolute paths and '..' above the document); the file
 * must resolve, after symbolic links, inside the document's directory, be a regular file and be at most 100 MB.
 * Returns undefined when it cannot be read.
 */
export function externalReaderFor(docPath: string): (source: string) => string | undefined {
  return (source: string) => {
    try {
      if (isAbsolute(source)) return undefined;
      const dir = realpathSync(dirname(resolve(docPath)));
      const target = realpathSync(resolve(dir, source));
      const rel = relative(dir, target);
      if (rel === '' || rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) return undefined;
      const st = statSync(target);
      if (!st.isFile() || st.size > 100 * 1024 * 1024) return undefined;
      return readFileSync(target, 'utf8');
    } catch {
      return undefined;
    }
  };
}


/**
 * FASTA reader for nucleotide sequences (3'UTRs): multi-record, DNA or RNA alphabet, any case, sequence lines of
 * any length up to MAX_LINE_LENGTH. Every problem is a diagnostic naming the file and line (E_FASTA); all problems of
 * a file are reported at once (up to MAX_ERRORS).
 *
 * Accepted sequence letters: A C G T U and N, and the IUPAC ambiguity codes R Y K M S W B D H V (Cornish-Bowden
 * 1985 NAR 13:3021), which never pair in a seed site. Spaces and tabs inside lines are ignored; lines starting with
 * ';' are comments (classic FASTA). Sequences are returned in the RNA alphabet, upper case (T -> U).
 */
import { readFile, stat } from 'node:fs/promises';
import { diag, type Diagnostic, ExosimError } from '../diagnostics.js';

export interface FastaRecord {
  /** First word of the header. */
  id: string;
  /** Rest of the header. */
  description: string;
  /** RNA alphabet, upper case. */
  sequence: string;
  /** 1-based line of the header. */
  line: number;
}

/** Longest accepted line (characters). The longest human 3'UTRs are some 20-30 kb; a line beyond 1e6 is not a UTR. */
export const MAX_LINE_LENGTH = 1_000_000;
/** Largest accepted file (bytes). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
const MAX_ERRORS = 20;

const VALID = /^[ACGTUNRYKMSWBDHV]$/;

function shorten(s: string, n = 40): string {
  return s.length > n ? `${s.slice(0, n)}...` : s;
}

/** Parse FASTA text; `file` names the source in diagnostics. Throws ExosimError (E_FASTA) listing every problem. */
export function parseFasta(text: string, file: string, opts: { maxLineLength?: number } = {}): FastaRecord[] {
  const maxLine = opts.maxLineLength ?? MAX_LINE_LENGTH;
  const errs: Diagnostic[] = [];
  const err = (line: number | undefined, message: string, hint: string, column?: number): void => {
    if (errs.length < MAX_ERRORS) errs.push(diag('E_FASTA', message, { file, hint, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) }));
  };
  const body = text.replace(/^\uFEFF/, '');
  if (body.includes('\u0000')) {
    err(undefined, `'${file}' is a binary file, not FASTA text`, "give a FASTA text file: a '>name' header line, then sequence lines");
    throw new ExosimError(errs);
  }
  if (!body.trim()) {
    err(undefined, `'${file}' is empty: no FASTA record`, "give at least one record: a '>name' header line, then sequence lines");
    throw new ExosimError(errs);
  }
  const lines = body.split(/\r\n|\n|\r/);
  const records: FastaRecord[] = [];
  let cur: (FastaRecord & { parts: string[]; bad: boolean }) | undefined;
  const close = (): void => {
    if (!cur) return;
    cur.sequence = cur.parts.join('');
    if (!cur.sequence && !cur.bad) err(cur.line, `record '${cur.id}' has no sequence`, 'add sequence lines after the header, or remove the header');
    records.push({ id: cur.id, description: cur.description, sequence: cur.sequence, line: cur.line });
  };
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i]!;
    if (raw.length > maxLine) {
      err(n, `line ${n} is ${raw.length} characters long (limit ${maxLine})`, 'split the sequence over several lines (FASTA lines are usually 60-80 characters), or check that this is a sequence file');
      continue;
    }
    const line = raw.trim();
    if (!line || line.startsWith(';')) continue;
    if (line.startsWith('>')) {
      close();
      const head = line.slice(1).trim();
      const sp = head.search(/\s/);
      const id = sp < 0 ? head : head.slice(0, sp);
      if (!id) err(n, 'record header has no name', "write a name after '>', e.g. '>PTEN_3UTR'");
      cur = { id: id || `record${records.length + 1}`, description: sp < 0 ? '' : head.slice(sp + 1).trim(), sequence: '', line: n, parts: [], bad: false };
      continue;
    }
    if (!cur) {
      err(n, `not FASTA: line ${n} ('${shorten(line)}') comes before any '>' header`, "start each record with a header line '>name'");
      break;
    }
    let badCol = 0;
    for (let k = 0; k < raw.length; k++) {
      const c = raw[k]!;
      if (c === ' ' || c === '\t') continue;
      if (!VALID.test(c.toUpperCase())) {
        badCol = k + 1;
        break;
      }
    }
    if (badCol > 0) {
      const ch = raw[badCol - 1]!;
      const shownCh = /[\x20-\x7e]/.test(ch) ? `'${ch}'` : `character U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      cur.bad = true;
      err(n, `record '${cur.id}': ${shownCh} at line ${n}, column ${badCol} is not a nucleotide letter`, 'sequence lines may hold only A, C, G, T/U, N (any case) and IUPAC codes R Y K M S W B D H V; remove digits, gaps and other characters', badCol);
      continue;
    }
    const seq = line.replace(/[ \t]/g, '').toUpperCase();
    cur.parts.push(seq.replace(/T/g, 'U'));
  }
  close();
  if (records.length === 0 && errs.length === 0) err(undefined, `'${file}' holds no FASTA record`, "give at least one record: a '>name' header line, then sequence lines");
  if (errs.length) throw new ExosimError(errs);
  return records;
}

/** Read and parse a FASTA file. `shown` is the name used in diagnostics (the path as the user typed it). */
export async function readFastaFile(path: string, shown = path): Promise<FastaRecord[]> {
  let text: string;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new ExosimError([diag('E_FILE_READ', `'${shown}' is a directory, not a FASTA file`, { file: shown, hint: 'give the path of a FASTA file (.fa, .fasta)' })]);
    if (st.size > MAX_FILE_BYTES) throw new ExosimError([diag('E_FASTA', `'${shown}' is ${st.size} bytes, more than the ${MAX_FILE_BYTES}-byte limit`, { file: shown, hint: "give only the 3'UTRs to scan" })]);
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof ExosimError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ExosimError([diag('E_FILE_NOT_FOUND', `FASTA file '${shown}' does not exist`, { file: shown, hint: 'check the path (relative paths are resolved from the current directory)' })]);
    throw new ExosimError([diag('E_FILE_READ', `cannot read '${shown}': ${(e as Error).message}`, { file: shown, hint: 'check the file permissions' })]);
  }
  return parseFasta(text, shown);
}

/** Helpers for CLI tests: in-process `main` with captured output, and spawning `node bin/exosim.js`. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../cli/main.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const BIN = join(ROOT, 'bin', 'exosim.js');

export interface CliOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'exosim-cli-'));
}

/** Run `exosim <args>` in-process. Relative paths are resolved from `cwd` (default: the repository root). */
export async function cli(args: string[], cwd = ROOT, extra: { isTTY?: boolean; env?: Record<string, string> } = {}): Promise<CliOutput> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
    isTTY: extra.isTTY ?? false,
    env: extra.env ?? {},
  });
  return { code, stdout, stderr };
}

/** Spawn `node bin/exosim.js <args>` (the built CLI: test/global-setup.ts runs the build). */
export function spawnCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; onStart?: (child: ReturnType<typeof spawn>) => void } = {},
): Promise<CliOutput & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, EXOSIM_DEBUG: '', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, stdout, stderr, signal }));
    opts.onStart?.(child);
  });
}

/** Parse CSV text written by exosim (no quoted fields in these tests). */
export function parseCsv(text: string): { header: string[]; rows: number[][] } {
  const lines = text.trimEnd().split('\n');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',').map(Number)) };
}

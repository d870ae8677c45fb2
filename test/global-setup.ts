/**
 * vitest globalSetup: build dist/ (`npm run build`, i.e. tsc -p tsconfig.build.json) once per test run, so
 * that spawn tests of bin/exosim.js run fresh code.
 *
 * - Skipped when dist/.build-stamp is newer than every source file (src/, cli/, tsconfig*.json, package.json).
 * - Serialised between concurrent test runs with a lock directory (mkdir is atomic), so two runs do not
 *   rewrite dist/ at the same time.
 * - tsc emits JavaScript even when some file has type errors (work in progress elsewhere); those errors are
 *   reported as a warning, and only a missing dist/cli/main.js fails the setup.
 * EXOSIM_SKIP_BUILD=1 skips the build entirely.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const lock = join(dist, '.build-lock');

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.name.endsWith('.ts') || e.name.endsWith('.json')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function sourcesNewest(): number {
  let t = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'cli')));
  for (const f of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) {
    if (existsSync(join(root, f))) t = Math.max(t, statSync(join(root, f)).mtimeMs);
  }
  return t;
}

function upToDate(): boolean {
  return existsSync(stamp) && existsSync(join(dist, 'cli', 'main.js')) && statSync(stamp).mtimeMs > sourcesNewest();
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function acquireLock(): void {
  mkdirSync(dist, { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch {
      // Another run is building; a lock older than 5 minutes is stale.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone already
      }
      if (Date.now() > deadline) throw new Error(`[global-setup] build lock ${lock} held for too long`);
      sleep(250);
    }
  }
}

export default function setup(): void {
  if (process.env['EXOSIM_SKIP_BUILD'] === '1') return;
  if (upToDate()) return;
  acquireLock();
  try {
    if (upToDate()) return; // built by the run that held the lock
    const started = Date.now();
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(0, 20).join('\n');
      process.stderr.write(`[global-setup] npm run build reported errors (continuing with the emitted files):\n${out}\n`);
    }
    if (!existsSync(join(dist, 'cli', 'main.js'))) throw new Error('[global-setup] build did not produce dist/cli/main.js');
    // Stamp with the build's start time, so that a source edited during the build triggers the next build.
    writeFileSync(stamp, `${new Date(started).toISOString()}\n`);
    utimesSync(stamp, started / 1000, started / 1000);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

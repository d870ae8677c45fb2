/**
 * Spawn tests of the built CLI (`node bin/exosim.js`, built by test/global-setup.ts): exit codes, files,
 * messages without stack traces, Ctrl-C, and every invalid corpus model through `validate` and `run`.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, parseCsv, ROOT, spawnCli, tmp } from './helpers.js';

const decay = join(FIXTURES, 'decay.yaml');

describe('node bin/exosim.js', () => {
  it('run writes CSV with N+1 rows and the record; exit 0', async () => {
    const d = tmp();
    const out = join(d, 'r.csv');
    const r = await spawnCli(['run', decay, '--t-end', '3', '--steps', '6', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const { header, rows } = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual(['time', 'A', 'B']);
    expect(rows).toHaveLength(7);
    expect(rows[6]![1]).toBeCloseTo(Math.exp(-0.5 * 3), 5); // A(t) = exp(-k t), k = 0.5/s
    expect(JSON.parse(readFileSync(`${out}.run.json`, 'utf8')).status).toBe('done');
    expect(r.stderr).toContain('r.csv.run.json');
  });

  it('user errors exit 2 with file:line and no stack trace; existing output untouched', async () => {
    const d = tmp();
    const out = join(d, 'r.json');
    writeFileSync(out, '{"keep":1}');
    const r = await spawnCli(['run', 'test/fixtures/unknown-species.yaml', '--t-end', '1', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^test\/fixtures\/unknown-species\.yaml:\d+:\d+: error E_UNKNOWN_SPECIES: /m);
    expect(r.stderr).toContain('fix: ');
    expect(r.stderr).not.toContain('    at ');
    expect(readFileSync(out, 'utf8')).toBe('{"keep":1}');
    const r2 = await spawnCli(['run', decay, '--t-end', '1', '--rtol', 'tight']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('--rtol');
    expect(r2.stderr).not.toContain('    at ');
    const r3 = await spawnCli(['run', decay, '--t-end', '1', '--solver', 'ode-none', '--out', out]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).not.toContain('    at ');
    expect(readFileSync(out, 'utf8')).toBe('{"keep":1}');
    // A solver failure inside the worker thread comes back as a located user error too.
    const r4 = await spawnCli(['run', 'test/fixtures/blowup.yaml', '--t-end', '2', '--out', out]);
    expect(r4.code).toBe(2);
    expect(r4.stderr).toMatch(/^test\/fixtures\/blowup\.yaml: error E_[A-Z_]+: /m);
    expect(r4.stderr).not.toContain('    at ');
    expect(readFileSync(out, 'utf8')).toBe('{"keep":1}');
    expect(readdirSync(d)).toEqual(['r.json']);
  });

  it('Ctrl-C stops a long run, writes the partial result with status cancelled and exits 130', async () => {
    const d = tmp();
    const out = join(d, 'osc.csv');
    // x'' = -x to t = 1e9 s at rtol 1e-10: far more steps than the test waits for.
    const r = await spawnCli(
      ['run', join(FIXTURES, 'oscillator.yaml'), '--t-end', '1e9', '--steps', '1000', '--rtol', '1e-10', '--setting', 'maxSteps=1000000000', '--out', out],
      { onStart: (child) => setTimeout(() => child.kill('SIGINT'), 8000) },
    );
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('interrupted');
    expect(r.stderr).not.toContain('    at ');
    const rec = JSON.parse(readFileSync(`${out}.run.json`, 'utf8'));
    expect(rec.status).toBe('cancelled');
    const { header, rows } = parseCsv(readFileSync(out, 'utf8'));
    expect(header[0]).toBe('time');
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.length).toBeLessThan(1001);
    // The partial trajectory is still right: x(t) = cos t.
    for (const row of rows) expect(row[1]).toBeCloseTo(Math.cos(row[0]!), 3);
  });
});

/** Expected code of an invalid corpus file: `# expect: E_CODE` on the first line, or a sibling `.expect` file. */
function expectedCode(dir: string, file: string): string {
  const text = readFileSync(join(dir, file), 'utf8');
  const m = /^#\s*expect:\s*([A-Z][A-Z0-9_]+)/.exec(text);
  if (m) return m[1]!;
  const sibling = join(dir, file.replace(/\.[^.]+$/, '.expect'));
  if (existsSync(sibling)) return readFileSync(sibling, 'utf8').trim();
  throw new Error(`${file}: no expected code (first-line '# expect: E_CODE' or a sibling .expect file)`);
}

describe('invalid corpus through exosim validate and exosim run', () => {
  const dir = join(ROOT, 'test', 'corpus', 'invalid');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort() : [];

  it('has files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.concurrent.each(files)('%s: exit 2, file name, line number and code', async (file) => {
    const code = expectedCode(dir, file);
    const rel = `test/corpus/invalid/${file}`;
    for (const args of [['validate', rel], ['run', rel, '--t-end', '1']]) {
      const r = await spawnCli(args);
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
      expect(r.stderr).not.toContain('    at ');
      expect(r.stderr).toContain(code);
      // The diagnostic carrying the expected code names the file and a line.
      const line = r.stderr.split('\n').find((l) => l.includes(`error ${code}`));
      expect(line, r.stderr).toBeDefined();
      expect(line).toMatch(new RegExp(`^${rel.replace(/[.]/g, '\\.')}:\\d+(:\\d+)?: error ${code}: `));
      expect(basename(rel)).toBe(file);
    }
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cli, FIXTURES, ROOT } from './helpers.js';

const decay = join(FIXTURES, 'decay.yaml');

describe('exosim validate', () => {
  it('prints a summary for a valid model and exits 0', async () => {
    const r = await cli(['validate', decay]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: 2 species, 1 reaction, 1 parameter/);
  });

  it('prints every diagnostic with file:line and exits 2', async () => {
    const r = await cli(['validate', 'test/fixtures/unknown-species.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^test\/fixtures\/unknown-species\.yaml:\d+(:\d+)?: error E_[A-Z_]+: /m);
    expect(r.stderr).toMatch(/Zed/);
    expect(r.stderr).not.toContain('    at ');
  });

  it('reports a missing file', async () => {
    const r = await cli(['validate', 'missing.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.yaml: error E_FILE_NOT_FOUND');
  });
});

describe('exosim describe', () => {
  it('describes the model in sentences', async () => {
    const r = await cli(['describe', decay]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(20);
    expect(r.stdout).toContain('A');
  });
});

describe('exosim compile', () => {
  it('--emit model prints the document (YAML by default for YAML input, JSON on request)', async () => {
    const y = await cli(['compile', decay, '--emit', 'model']);
    expect(y.code).toBe(0);
    const doc = parseYaml(y.stdout);
    expect(doc.id).toBe('decay');
    expect(doc.species.map((s: { id: string }) => s.id)).toEqual(['A', 'B']);
    const j = await cli(['compile', decay, '--emit', 'model', '--format', 'json']);
    expect(JSON.parse(j.stdout)).toEqual(doc);
  });

  it('--emit flat prints the flat model as JSON with expressions and units as text', async () => {
    const r = await cli(['compile', decay, '--emit', 'flat']);
    expect(r.code).toBe(0);
    const flat = JSON.parse(r.stdout);
    expect(flat.id).toBe('decay');
    expect(typeof flat.reactions[0].rate).toBe('string');
    expect(flat.reactions[0].rate).toMatch(/k/);
    expect(flat.units.time).toBe('s');
    expect(typeof flat.locations).toBe('object');
  });

  it('--emit code prints the generated kernels', async () => {
    const r = await cli(['compile', decay, '--emit', 'code']);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(20);
  });

  it('refuses an unknown stage', async () => {
    const r = await cli(['compile', decay, '--emit', 'assembly']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--emit/);
  });
});

describe('exosim solvers', () => {
  it('lists each solver with method, settings and features', async () => {
    const r = await cli(['solvers']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/method: /);
    expect(r.stdout).toMatch(/features: /);
  });

  it('--json gives plain descriptors', async () => {
    const r = await cli(['solvers', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; kind: string; method: string; settings: { name: string; default: unknown; help: string }[]; features?: object; exact?: boolean }[];
    expect(list.length).toBeGreaterThan(0);
    for (const s of list) {
      expect(s.id).toMatch(/^[a-z0-9-]+$/);
      expect(typeof s.method).toBe('string');
      expect(Array.isArray(s.settings)).toBe(true);
      if (s.kind === 'ode') expect(typeof s.features).toBe('object');
      else expect(s.kind === 'stochastic' && typeof s.exact === 'boolean').toBe(true);
    }
    expect(list.filter((s) => s.kind === 'stochastic').map((s) => s.id)).toEqual(['ssa-direct', 'ssa-next-reaction', 'ssa-cr', 'ssa-tau-leap', 'ssa-hybrid']);
  });
});

describe('exosim (no command), --help, --version', () => {
  it('--version prints the package version', async () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('--help exits 0 and lists the commands', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['run', 'validate', 'describe', 'compile', 'solvers']) expect(r.stdout).toContain(c);
  });

  it('no arguments prints help and exits 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Usage');
  });
});

describe('internal errors', () => {
  it('exit 70 with a one-line message; the stack only with EXOSIM_DEBUG=1', async () => {
    const { main } = await import('../../cli/main.js');
    const failing = (env: Record<string, string>) => {
      let stderr = '';
      const stdout = {
        write: () => {
          throw new TypeError('disk on fire');
        },
      };
      return main(['solvers'], { stdout, stderr: { write: (s: string) => (stderr += s) }, env }).then((code) => ({ code, stderr }));
    };
    const r = await failing({});
    expect(r.code).toBe(70);
    expect(r.stderr).toBe('exosim: internal error: disk on fire\n');
    const d = await failing({ EXOSIM_DEBUG: '1' });
    expect(d.code).toBe(70);
    expect(d.stderr).toContain('    at ');
  });
});

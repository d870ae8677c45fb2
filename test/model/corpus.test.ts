import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flattenModel, loadModelText } from '../../src/model/index.js';
import type { Diagnostic } from '../../src/diagnostics.js';

const dir = join(import.meta.dirname, '..', 'corpus', 'invalid');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.json')).sort();

function expected(file: string, text: string): string {
  if (file.endsWith('.json')) return readFileSync(join(dir, file.replace(/\.json$/, '.expect')), 'utf8').trim();
  const m = /^# expect: (\w+)/.exec(text);
  if (!m) throw new Error(`${file}: first line must be '# expect: E_CODE'`);
  return m[1]!;
}

function run(file: string, text: string): Diagnostic[] {
  const { loaded, diagnostics } = loadModelText(text, { file });
  if (!loaded) return diagnostics;
  return [...diagnostics, ...flattenModel(loaded).diagnostics];
}

describe('invalid model corpus', () => {
  it('has at least 15 cases, each JSON case with its .expect file', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const f of files.filter((x) => x.endsWith('.json'))) expect(existsSync(join(dir, f.replace(/\.json$/, '.expect')))).toBe(true);
  });
  for (const file of files) {
    it(`${file} produces its expected code with a line number`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const code = expected(file, text);
      const ds = run(file, text);
      const hit = ds.find((d) => d.code === code);
      expect(hit, `${file}: expected ${code}, got ${ds.map((d) => `${d.code}: ${d.message}`).join('; ') || 'nothing'}`).toBeDefined();
      expect(hit!.severity).toBe(code.startsWith('W_') ? 'warning' : 'error');
      expect(hit!.file).toBe(file);
      expect(hit!.line).toBeGreaterThan(1);
      expect(hit!.message.length).toBeGreaterThan(10);
    });
  }
});

describe('valid examples', () => {
  const root = join(import.meta.dirname, '..', '..', 'examples');
  for (const sub of ['basics', 'stiff']) {
    for (const f of readdirSync(join(root, sub)).filter((x) => x.endsWith('.yaml'))) {
      it(`examples/${sub}/${f} loads, validates and flattens without errors or warnings`, () => {
        const text = readFileSync(join(root, sub, f), 'utf8');
        const { loaded, diagnostics } = loadModelText(text, { file: f });
        expect(diagnostics).toEqual([]);
        const r = flattenModel(loaded!);
        expect(r.diagnostics).toEqual([]);
        expect(r.flat).toBeDefined();
      });
    }
  }
});

/**
 * The mechanism library as a whole (src/mechanisms/registry.ts): one module per SYSTEM.md mechanism 1-13, each with
 * a README, complete parameter provenance (value, unit, range holding the value, citation, tag, confidence), ports
 * that exist in the module, sentences from describe(), and a module that a YAML model can instantiate (the
 * `exosim mechanisms <id> --yaml` output loads and flattens). Behaviour is tested per mechanism in <id>.test.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { listMechanisms } from '../../src/mechanisms/registry.js';
import { cli as runCli } from '../cli/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('mechanism registry', () => {
  it('holds SYSTEM.md mechanisms 1-13 once each', () => {
    expect(listMechanisms().map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });
});

describe.each(listMechanisms().map((m) => [m.id, m] as const))('mechanism %s', (id, m) => {
  it('has its folder, README with equations, references', () => {
    expect(existsSync(join(ROOT, 'src', 'mechanisms', id, 'index.ts'))).toBe(true);
    expect(existsSync(join(ROOT, 'src', 'mechanisms', id, 'README.md'))).toBe(true);
    expect(m.references.length).toBeGreaterThan(0);
    expect(m.summary.length).toBeGreaterThan(40);
  });

  it('every parameter has value, unit, range holding the value, citation, provenance tag and confidence', () => {
    const mod = m.module();
    const problems: string[] = [];
    const all = [...(mod.parameters ?? [])];
    for (const p of all) {
      if (p.constant === false) continue; // a variable (set by events or rules), not a parameter with a default
      const src = typeof p.source === 'object' ? p.source : undefined;
      if (p.value === undefined) {
        // computed by an initial assignment or rule: then it needs no value
        const computed = (mod.initialAssignments ?? []).some((a) => a.symbol === p.id) || (mod.rules ?? []).some((r) => r.variable === p.id);
        if (!computed) problems.push(`${p.id}: no value`);
        continue;
      }
      if (!p.unit) problems.push(`${p.id}: no unit`);
      if (!src?.citation) problems.push(`${p.id}: no source citation`);
      if (!src?.tag || !/^(S|S2|C|D|R)$/.test(src.tag)) problems.push(`${p.id}: provenance tag ${String(src?.tag)}`);
      if (!(p.confidence ?? src?.confidence)) problems.push(`${p.id}: no confidence`);
      if (!p.range) problems.push(`${p.id}: no range`);
      else if (!(p.value >= Math.min(...p.range) && p.value <= Math.max(...p.range))) problems.push(`${p.id}: value ${p.value} outside range ${p.range.join('-')}`);
    }
    expect(problems).toEqual([]);
    expect(all.length).toBeGreaterThan(0);
  });

  it('ports are entities of the module (under the default options or some option value); describe() gives sentences', () => {
    // the module under its defaults and under each single option choice: some ports exist only with an option
    const variants = [m.module(), ...m.options.filter((o) => !o.free).flatMap((o) => o.choices.map((c) => m.module({ [o.name]: c })))];
    const offered = new Set<string>();
    for (const mod of variants) {
      const ids = new Set([...(mod.species ?? []), ...(mod.parameters ?? []), ...(mod.compartments ?? [])].map((e) => e.id));
      for (const p of mod.ports ?? []) {
        expect(ids.has(p), `port ${p} of ${mod.id}`).toBe(true);
        offered.add(p);
      }
    }
    for (const p of m.ports) expect(offered.has(p.id), `port ${p.id}`).toBe(true);
    const text = m.describe();
    expect(text.length).toBeGreaterThan(0);
    for (const s of text) expect(s.trim()).toMatch(/[.:)]$/);
  });

  it('`exosim mechanisms <id> --yaml` prints a module a model can instantiate', async () => {
    const r = await runCli(['mechanisms', id, '--yaml']);
    expect(r.code).toBe(0);
    const doc = parse(r.stdout) as { modules: { id: string }[] };
    expect(doc.modules[0]!.id).toBe(m.module().id);
    const d = await runCli(['mechanisms', id]);
    expect(d.code).toBe(0);
    expect(d.stdout).toContain(m.title);
  });
});

describe('exosim mechanisms', () => {
  it('lists all 13; --json; unknown ids and options are clear errors', async () => {
    const l = await runCli(['mechanisms', '--json']);
    expect(l.code).toBe(0);
    expect((JSON.parse(l.stdout) as unknown[]).length).toBe(13);
    const bad = await runCli(['mechanisms', 'no-such']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('E_UNKNOWN_MECHANISM');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const badOpt = await runCli(['mechanisms', 'biogenesis', '--option', 'nope=1']);
    expect(badOpt.code).toBe(2);
    expect(badOpt.stderr).toContain('E_FLAG');
  });
});

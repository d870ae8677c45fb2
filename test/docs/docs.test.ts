/**
 * The documentation is tested like code:
 *   (a) every complete model in docs/*.md (a ```yaml block whose first line starts with `exosim:`) loads,
 *       validates and compiles without errors; a block preceded by `<!-- expect: E_CODE -->` must instead
 *       produce that error code. Two documented examples are also simulated and compared with the analytic
 *       values the text states;
 *   (b) docs/solvers.md equals what scripts/gen-solver-docs.ts renders from the solver descriptors now;
 *   (c) every `exosim <command> ... --flag` in docs/cli.md names a real command and one of its flags (taken
 *       from the `--help` output of the in-process CLI), and every flag of every command is documented;
 *   (d) the error-code tables in docs/*.md list exactly the codes that src/ and cli/ can emit.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { main } from '../../cli/main.js';
import { compileModelText } from '../../src/pipeline.js';
import { simulate } from '../../src/simulate.js';
import { printExpression } from '../../src/expr/print.js';
import { renderSolverDocs } from '../../scripts/gen-solver-docs.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOCS = join(ROOT, 'docs');
const docFiles = readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort();
const readDoc = (f: string) => readFileSync(join(DOCS, f), 'utf8');

// ------------------------------------------------------------------------------------------------ helpers

interface YamlBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  text: string;
  /** Code from a preceding `<!-- expect: E_CODE -->`, if any. */
  expect?: string;
}

/** Every ```yaml fenced block of a Markdown text, with the expect-comment on the nearest non-blank line above. */
function yamlBlocks(file: string, md: string): YamlBlock[] {
  const lines = md.split('\n');
  const out: YamlBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i]!)) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    let j = start - 1;
    while (j >= 0 && lines[j]!.trim() === '') j--;
    const m = j >= 0 ? /^<!--\s*expect:\s*([EW]_[A-Z_]+)\s*-->\s*$/.exec(lines[j]!.trim()) : null;
    const block: YamlBlock = { file, line: start + 1, text: body.join('\n') + '\n' };
    if (m) block.expect = m[1]!;
    out.push(block);
  }
  return out;
}

const isFullModel = (b: YamlBlock) => /^exosim:/.test(b.text.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '');

async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: ROOT,
    isTTY: false,
    env: {},
    handleSignals: false,
  });
  return { code, stdout, stderr };
}

/** Lines of a commander help section (`Options:`, `Commands:`) up to the next blank line. */
function helpSection(help: string, title: string): string[] {
  const lines = help.split('\n');
  const i = lines.findIndex((l) => l.trim() === title);
  if (i < 0) return [];
  const out: string[] = [];
  for (let k = i + 1; k < lines.length && lines[k]!.trim() !== ''; k++) out.push(lines[k]!);
  return out;
}

function listTsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...listTsFiles(p));
    else if (e.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Diagnostic codes that can be emitted: quoted E_/W_ strings in src/ and cli/, outside comment lines. */
function codesInSource(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const f of [...listTsFiles(join(ROOT, 'src')), ...listTsFiles(join(ROOT, 'cli'))]) {
    const lines = readFileSync(f, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const t = line.trim();
      if (t.startsWith('//') || t.startsWith('*') || t.startsWith('/*')) return; // examples in doc comments
      for (const m of line.matchAll(/['"`]([EW]_[A-Z_]+)['"`]/g)) if (!codes.has(m[1]!)) codes.set(m[1]!, `${f.slice(ROOT.length + 1)}:${i + 1}`);
    });
  }
  return codes;
}

/** Codes listed in the first column of Markdown tables in docs/*.md. */
function codesInDocs(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const f of docFiles) {
    readDoc(f).split('\n').forEach((line, i) => {
      const m = /^\|\s*`([EW]_[A-Z_]+)`\s*\|/.exec(line);
      if (m && !codes.has(m[1]!)) codes.set(m[1]!, `docs/${f}:${i + 1}`);
    });
  }
  return codes;
}

// ------------------------------------------------------------------------------------------------ (a)

// The README's example model is held to the same standard (file name '../README.md' relative to docs/).
const allBlocks = [...docFiles.flatMap((f) => yamlBlocks(f, readDoc(f))), ...yamlBlocks('../README.md', readFileSync(join(ROOT, 'README.md'), 'utf8'))];
const models = allBlocks.filter(isFullModel);

describe('(a) complete models in docs/*.md', () => {
  it('finds the documented example models', () => {
    expect(models.length).toBeGreaterThanOrEqual(8);
    expect(models.filter((b) => b.expect).length).toBeGreaterThanOrEqual(2);
  });

  it('every other ```yaml block (a fragment) is well-formed YAML', () => {
    const bad = allBlocks
      .filter((b) => !isFullModel(b))
      .flatMap((b) => parseDocument(b.text, { uniqueKeys: true }).errors.map((e) => `docs/${b.file}:${b.line}: ${e.message}`));
    expect(allBlocks.length - models.length).toBeGreaterThan(0);
    expect(bad).toEqual([]);
  });

  for (const b of models) {
    const name = `docs/${b.file}:${b.line}${b.expect ? ` (expects ${b.expect})` : ''}`;
    it(name, () => {
      const r = compileModelText(b.text, { file: `docs/${b.file}` });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (b.expect) {
        expect(errors.map((d) => d.code), `${name} should fail with ${b.expect}`).toContain(b.expect);
        expect(r.compiled).toBeUndefined();
      } else {
        expect(errors.map((d) => `${d.code}: ${d.message}`), name).toEqual([]);
        expect(r.compiled, name).toBeDefined();
      }
    });
  }
});

/** The documented model with this `id:` line. */
function modelById(id: string): string {
  const b = models.find((m) => new RegExp(`^id: ${id}$`, 'm').test(m.text));
  if (!b) throw new Error(`no documented model with id ${id}`);
  return b.text;
}

describe('(a) documented results agree with analytic solutions', () => {
  it('first model: miR21(t) = 1000 * 2^(-t / 24 h) molecules', () => {
    const r = compileModelText(modelById('mir21_decay'));
    expect(r.compiled).toBeDefined();
    const res = simulate(r.compiled!, { tEnd: 72, steps: 3, rtol: 1e-10, atol: 1e-10, solver: 'ode-bdf' });
    const k = res.columns.findIndex((c) => c.id === 'miR21');
    expect(res.columns[k]!.unit).toBe('molecule');
    [0, 24, 48, 72].forEach((t, i) => {
      expect(res.time[i]).toBe(t);
      expect(res.values[k]![i]).toBeCloseTo(1000 * Math.pow(2, -t / 24), 5);
    });
  });

  it('named_laws model: the expanded rates quoted in the text are what flattening produces', () => {
    const md = readDoc('model-language.md');
    const m = /For the model below it prints\s+`([^`]+)`,\s+`([^`]+)`\s+and\s+`([^`]+)`/.exec(md);
    expect(m, 'sentence "For the model below it prints ..." in model-language.md').not.toBeNull();
    const r = compileModelText(modelById('named_laws'));
    expect(r.flat).toBeDefined();
    const rates = r.flat!.reactions.map((x) => printExpression(x.rate));
    expect(rates.sort()).toEqual([m![1]!, m![2]!, m![3]!].sort());
  });

  // Every solver: with ode-dopri5 / ode-auto the top-up's delayed execution falls inside the step in which its
  // trigger was located (a regression test for the driver, which must restart there).
  it.each(['ode-bdf', 'ode-rosenbrock', 'ode-dopri5', 'ode-auto'])('dosing model (%s): events execute at 10 h, at the computed top-up times and at 48 h', (solver) => {
    const r = compileModelText(modelById('dosing'));
    expect(r.compiled).toBeDefined();
    const res = simulate(r.compiled!, { tEnd: 60, steps: 60, rtol: 1e-10, atol: 1e-6, solver });
    // Analytic: EV = 1e9 exp(-0.05 (t - 10)) after the first dose; EV < 5e8 from t1 = 10 + ln 2 / 0.05;
    // the top-up executes 30 min = 0.5 h later with execution-time values (EV(t1 + 0.5) + 1e9).
    const kc = 0.05, dose = 1e9, lag = 0.5;
    const trig1 = 10 + Math.log(2) / kc;
    const exec1 = trig1 + lag;
    const after1 = (dose / 2) * Math.exp(-kc * lag) + dose;
    const trig2 = exec1 + Math.log(after1 / (dose / 2)) / kc;
    const exec2 = trig2 + lag;
    expect(trig2).toBeLessThan(48); // the second top-up happens before the medium change
    const times = res.record.eventTimes;
    expect(times.length).toBe(4);
    const expected = [10, exec1, exec2, 48];
    expected.forEach((t, i) => expect(times[i]).toBeCloseTo(t, 5));
    const col = (id: string) => res.values[res.columns.findIndex((c) => c.id === id)]!;
    const ti = (t: number) => res.time.indexOf(t);
    expect(col('top_ups')[ti(60)]).toBe(2);
    expect(col('EV')[ti(50)]).toBe(0); // medium change removed every exosome
    expect(col('EV')[ti(20)]).toBeCloseTo(dose * Math.exp(-kc * 10), -1);

    // The text: with persistent: true the top-up triggered at 10 h (before first_dose executes) runs at 10.5 h.
    const p = compileModelText(modelById('dosing').replace('persistent: false', 'persistent: true'));
    const resP = simulate(p.compiled!, { tEnd: 60, steps: 60, rtol: 1e-10, atol: 1e-6, solver });
    expect(resP.record.eventTimes.slice(0, 2)).toEqual([10, 10.5]);
  });
});

// ------------------------------------------------------------------------------------------------ (b)

describe('(b) docs/solvers.md', () => {
  it('equals the output of scripts/gen-solver-docs.ts (run `npm run docs:solvers` after changing a solver descriptor)', () => {
    expect(readDoc('solvers.md')).toBe(renderSolverDocs());
  });
});

// ------------------------------------------------------------------------------------------------ (c)

describe('(c) commands and flags in docs/cli.md', () => {
  it('names only real commands and flags, and documents every flag', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const commands = helpSection(top.stdout, 'Commands:')
      .map((l) => /^\s{2}([a-z][a-z-]*)\b/.exec(l)?.[1])
      .filter((c): c is string => c !== undefined && c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['run', 'validate', 'describe', 'compile', 'solvers']));
    const globalFlags = new Set(helpSection(top.stdout, 'Options:').flatMap((l) => [...l.matchAll(/(?:^|\s|,)(--[a-z][a-z-]*)/g)].map((m) => m[1]!)));
    const flagsOf = new Map<string, Set<string>>();
    for (const c of commands) {
      const h = await runCli([c, '--help']);
      expect(h.code).toBe(0);
      const flags = new Set<string>(globalFlags);
      for (const l of helpSection(h.stdout, 'Options:')) {
        const m = /^\s{2}(?:-[A-Za-z], )?(--[a-z][a-z-]*)/.exec(l);
        if (m) flags.add(m[1]!);
      }
      // commands with subcommands (`exosim scenario list|run`): their flags count as the command's
      const subs = helpSection(h.stdout, 'Commands:')
        .map((l) => /^\s{2}([a-z][a-z-]*)\b/.exec(l)?.[1])
        .filter((x): x is string => x !== undefined && x !== 'help');
      for (const sub of subs) {
        const hs = await runCli([c, sub, '--help']);
        expect(hs.code).toBe(0);
        for (const l of helpSection(hs.stdout, 'Options:')) {
          const m = /^\s{2}(?:-[A-Za-z], )?(--[a-z][a-z-]*)/.exec(l);
          if (m) flags.add(m[1]!);
        }
      }
      flagsOf.set(c, flags);
    }
    expect(flagsOf.get('run')).toContain('--t-end');

    const md = readDoc('cli.md').replace(/\\\n/g, ' ');
    const problems: string[] = [];
    const mentioned = new Set<string>();
    let uses = 0;
    md.split('\n').forEach((line, i) => {
      for (const m of line.matchAll(/\bexosim\s+([a-z][a-z-]*)([^`|\n]*)/g)) {
        const cmd = m[1]!;
        uses++;
        const flags = flagsOf.get(cmd);
        if (!flags) {
          problems.push(`cli.md:${i + 1}: 'exosim ${cmd}' is not a command`);
          continue;
        }
        for (const f of m[2]!.matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)) {
          if (!flags.has(f[1]!)) problems.push(`cli.md:${i + 1}: 'exosim ${cmd}' has no flag ${f[1]}`);
        }
      }
      for (const f of line.matchAll(/(?:^|[\s`(])(--[a-z][a-z-]*)/g)) mentioned.add(f[1]!);
    });
    expect(uses).toBeGreaterThan(10);
    const allFlags = new Set([...flagsOf.values()].flatMap((s) => [...s]));
    for (const f of mentioned) if (!allFlags.has(f)) problems.push(`cli.md mentions ${f}, which no command has`);
    for (const [c, flags] of flagsOf) {
      for (const f of flags) if (!mentioned.has(f)) problems.push(`flag ${f} of 'exosim ${c}' is not documented in cli.md`);
    }
    expect(problems).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------ (d)

describe('(d) error codes', () => {
  it('the docs table lists exactly the codes in src/ and cli/', () => {
    const source = codesInSource();
    const docs = codesInDocs();
    expect(source.size).toBeGreaterThan(30);
    const undocumented = [...source].filter(([c]) => !docs.has(c)).map(([c, where]) => `${c} (${where}) is not in the docs table`);
    const stale = [...docs].filter(([c]) => !source.has(c)).map(([c, where]) => `${c} (${where}) does not occur in src/ or cli/`);
    expect([...undocumented, ...stale]).toEqual([]);
  });
});

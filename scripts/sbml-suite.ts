/**
 * Runs SBML Test Suite semantic cases through a simulator and writes a Markdown report.
 *
 * Usage:
 *   npx tsx scripts/sbml-suite.ts <cases-dir> [--simulator echo|<module.js>] [--perturb <factor>]
 *       [--filter <tag>[,<tag>...]] [--all] [--concurrency <n>] [--out report.md] [--json summary.json]
 *
 * --simulator   `echo` (default) is the built-in self-check that returns each case's expected results
 *               (multiplied by --perturb, default 1); any other value is a module path (resolved from the
 *               current directory) whose export `simulateCase(caseDir, id, settings, sbmlPath)` returns
 *               `{ header, rows }` or a Promise of it (see src/sbml/suite/runner.ts, SimulateCase).
 * --filter      only cases having at least one of these test or component tags (case-sensitive).
 * --all         also run cases that are not plain time courses (fbc, comp, FluxBalanceSteadyState).
 * Exit code: 0 when every run case passed, 1 otherwise, 2 on a usage error.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isTimeCourse, type CaseInfo } from '../src/sbml/suite/cases.js';
import { makeEchoSimulator } from '../src/sbml/suite/echo.js';
import { formatSummary, runSuite, type SimulateCase } from '../src/sbml/suite/runner.js';

function usage(msg: string): never {
  process.stderr.write(`sbml-suite: ${msg}\nusage: npx tsx scripts/sbml-suite.ts <cases-dir> [--simulator echo|<module.js>] [--perturb f] [--filter tag,...] [--all] [--concurrency n] [--out report.md] [--json summary.json]\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  let casesDir: string | undefined;
  let simulator = 'echo';
  let perturb = 1;
  let filterTags: string[] | undefined;
  let all = false;
  let concurrency = 1;
  let out: string | undefined;
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = (): string => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--simulator') simulator = val();
    else if (a === '--perturb') perturb = Number(val());
    else if (a === '--filter') filterTags = val().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--all') all = true;
    else if (a === '--concurrency') concurrency = Number(val());
    else if (a === '--out') out = val();
    else if (a === '--json') json = val();
    else if (a.startsWith('--')) usage(`unknown option ${a}`);
    else if (casesDir === undefined) casesDir = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!casesDir) usage('missing <cases-dir>');
  if (!Number.isFinite(perturb) || perturb <= 0) usage('--perturb must be a positive number');
  if (!Number.isInteger(concurrency) || concurrency < 1) usage('--concurrency must be a positive integer');

  let simulateCase: SimulateCase;
  if (simulator === 'echo') simulateCase = makeEchoSimulator(perturb);
  else {
    const mod = (await import(pathToFileURL(resolve(simulator)).href)) as { simulateCase?: unknown };
    if (typeof mod.simulateCase !== 'function') usage(`${simulator} does not export a function simulateCase`);
    simulateCase = mod.simulateCase as SimulateCase;
  }

  const filter = (info: CaseInfo): boolean =>
    (all || isTimeCourse(info)) &&
    (!filterTags || filterTags.some((t) => info.testTags.includes(t) || info.componentTags.includes(t)));
  let done = 0;
  const summary = await runSuite(casesDir, simulateCase, {
    filter,
    concurrency,
    onResult: () => {
      done++;
      if (done % 100 === 0) process.stderr.write(`  ${done} cases...\n`);
    },
  });
  const title = `SBML Test Suite (semantic) — simulator: ${simulator}${simulator === 'echo' && perturb !== 1 ? ` x${perturb}` : ''}`;
  const md = formatSummary(summary, { title });
  if (out) writeFileSync(out, md);
  else process.stdout.write(md + '\n');
  if (json) {
    const { results: _results, ...rest } = summary;
    writeFileSync(json, JSON.stringify(rest, null, 2) + '\n');
  }
  process.stderr.write(
    `cases ${summary.total}, time courses ${summary.timeCourse}, run ${summary.run}: passed ${summary.passed}, failed ${summary.failed}, errored ${summary.errored}\n`,
  );
  return summary.passed === summary.run ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`sbml-suite: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(2);
  },
);

/**
 * The `exosim` command line: argument parsing (commander) -> library -> files, messages and exit codes.
 *
 * Exit codes: 0 success; 2 user error (invalid model, bad flags, unreadable files, solver failure), with every
 * diagnostic printed as `file:line:col: error CODE: message` + `fix: hint`; 70 internal error (one line; the
 * stack only with EXOSIM_DEBUG=1); 130 run cancelled by Ctrl-C (the partial result is still written).
 * `main` never calls process.exit, so it can be tested in-process with captured output.
 */
import { basename } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { diag, formatDiagnostic, isExosimError } from '../src/diagnostics.js';
import { listSolvers } from '../src/solvers/registry.js';
import { listStochasticSolvers } from '../src/solvers/stochastic/registry.js';
import { SolverError } from '../src/solvers/types.js';
import { compileCommand } from './commands/compile.js';
import { exportCommand, type ExportFlags } from './commands/export.js';
import { describeCommand } from './commands/describe.js';
import { dsmtsCommand, type DsmtsFlags } from './commands/dsmts.js';
import { runCommand, type RunFlags } from './commands/run.js';
import { sbmlTestCommand, type SbmlTestFlags } from './commands/sbml-test.js';
import {
  type CliContext,
  EXIT_INTERNAL,
  EXIT_OK,
  EXIT_USER,
  packageVersion,
  printDiagnostics,
  type Writable,
} from './commands/shared.js';
import { scenarioListCommand, scenarioRunCommand, type ScenarioListFlags, type ScenarioRunFlags } from './commands/scenario.js';
import { mechanismsCommand, type MechanismsFlags } from './commands/mechanisms.js';
import { solversCommand } from './commands/solvers.js';
import { registerTherapyCommand } from './commands/therapy.js';
import { registerSensitivityCommand } from './commands/sensitivity.js';
import { registerMirnaCommand } from './commands/mirna.js';
import { registerBiomarkersCommand } from './commands/biomarkers.js';
import { registerLiquidBiopsyCommand } from './commands/liquid-biopsy.js';
import { steadyStateCommand, type SteadyStateFlags } from './commands/steady-state.js';
import { validateCommand } from './commands/validate.js';

export interface MainIo {
  stdout?: Writable;
  stderr?: Writable;
  /** Directory relative paths are resolved from (default process.cwd()). */
  cwd?: string;
  /** Whether stderr is a terminal (default: process.stderr.isTTY when stderr is not given, else false). */
  isTTY?: boolean;
  /** Environment (default process.env); EXOSIM_DEBUG=1 prints stacks of internal errors. */
  env?: Record<string, string | undefined>;
  /** Install a SIGINT handler during runs (default: true when stdout and stderr are the process's own). */
  handleSignals?: boolean;
}

/** `argv` as process.argv (`node script args...`) when its first item is the Node executable; else user args only. */
function argvSource(argv: readonly string[]): 'node' | 'user' {
  const first = argv[0];
  if (first === undefined) return 'user';
  if (first === process.execPath) return 'node';
  return /^node(\.exe)?$/i.test(basename(first)) ? 'node' : 'user';
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function buildProgram(ctx: CliContext, setCode: (code: number) => void): Command {
  const program = new Command();
  program
    .name('exosim')
    .description('Modelling and simulation of exosome-borne microRNA communication in cancer.')
    .version(ctx.version, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void ctx.stdout.write(s),
      writeErr: (s) => void ctx.stderr.write(s),
      // Commander's own error messages are re-rendered as diagnostics by main().
      outputError: () => undefined,
    })
    .showSuggestionAfterError(true);

  program
    .command('run')
    .description('simulate a model and write its time course (CSV to stdout without --out)')
    .argument('<model>', 'model file (.yaml, .yml, .json, or SBML .xml/.sbml)')
    .option('--t-start <time>', 'start time, in the model time unit (default 0)')
    .option('--t-end <time>', 'end time, in the model time unit (required)')
    .option('--steps <n>', 'number of output intervals: n steps give n+1 rows')
    .option('--solver <id>', 'solver id (see `exosim solvers`)')
    .option('--rtol <x>', 'relative tolerance')
    .option('--atol <x>', 'absolute tolerance (in the declared units of each output)')
    .option('--seed <n>', 'seed of random choices: the stochastic replicates\' random streams, and the order of simultaneous events of equal priority (default 0)')
    .option('--replicates <n>', 'stochastic solvers: number of replicates; writes time,<X>-<stat>,... (without it and --stats: one trajectory)')
    .option('--threads <n>', 'stochastic solvers: worker threads (default: all cores); results do not depend on it')
    .option('--stats <list>', 'stochastic solvers: comma-separated statistics per output: mean, sd, min, max, q<digits> (q05, q50, q95); default mean,sd')
    .option('--trajectories <path>', 'stochastic solvers: also write every replicate: one long file.csv, or a directory of replicate-<r>.csv')
    .option('--set <id=value>', 'override a parameter (value in its declared unit); repeatable', collect, [] as string[])
    .option('--setting <name=value>', "solver setting (see 'exosim solvers'); repeatable", collect, [] as string[])
    .option('--out <file>', 'write results to file.csv or file.json (and the run record to <file>.run.json)')
    .option('--plot <file>', 'write a time-course plot to file.svg or file.png')
    .option('--species <ids>', 'comma-separated output columns to keep (results and plot)')
    .option('--plot-species <ids>', 'comma-separated output columns to plot (default: all kept columns)')
    .option('--log-y', 'logarithmic y axis in the plot (default: automatic)')
    .option('--title <text>', 'plot title (default: the model name)')
    .option('--quiet', 'no summary line, warnings or progress bar on stderr')
    .option('--interpret', 'evaluate rate laws with the interpreter instead of generated JavaScript (slower; for environments that forbid code generation)')
    .addHelpText('after', () => `\nSolvers (--solver; details with 'exosim solvers'):\n${[...listSolvers(), ...listStochasticSolvers()]
      .map((s) => `  ${s.id.padEnd(18)} ${s.name}`)
      .join('\n')}\n`)
    .action(async (model: string, opts: RunFlags) => setCode(await runCommand(ctx, model, opts)));

  program
    .command('validate')
    .description('check a model and print every problem (errors and warnings)')
    .argument('<model>', 'model file (.yaml, .yml or .json)')
    .action(async (model: string) => setCode(await validateCommand(ctx, model)));

  const scenario = program.command('scenario').description('published experiments as runnable scenarios (list, run)');
  scenario
    .command('list')
    .description('list the scenarios: id, title, citation')
    .option('--json', 'print a JSON array of {id, title, citation}')
    .action(async (opts: ScenarioListFlags) => setCode(await scenarioListCommand(ctx, opts)));
  scenario
    .command('run')
    .description("run a scenario and print its checks (the paper's outcome vs the model's); exit 1 when a check fails")
    .argument('<id>', "scenario id (see 'exosim scenario list')")
    .option('--json', 'print {id, citation, checks: [{name, expected, observed, pass}], series, record} as JSON')
    .option('--plot <file>', "write the scenario's plot to file.svg or file.png")
    .option('--out <file>', 'also write the JSON result (checks, series, record) to file.json')
    .option('--set <id=value>', 'override a model parameter in every condition (value in its declared unit); repeatable', collect, [] as string[])
    .option('--seed <n>', 'seed of the stochastic parts (default 0)')
    .action(async (id: string, opts: ScenarioRunFlags) => setCode(await scenarioRunCommand(ctx, id, opts)));

  registerMirnaCommand(program, ctx, setCode);
  registerTherapyCommand(program, ctx, setCode);
  registerSensitivityCommand(program, ctx, setCode);
  registerBiomarkersCommand(program, ctx, setCode);
  registerLiquidBiopsyCommand(program, ctx, setCode);

  program
    .command('mechanisms')
    .description('the mechanism modules (SYSTEM.md 1-13): list them, describe one, or print its module as YAML')
    .argument('[id]', 'mechanism id (without it: the list)')
    .option('--json', 'print as JSON')
    .option('--yaml', "print the module as YAML, to paste under a model's modules:")
    .option('--option <name=value>', 'mechanism option (e.g. evidence=jeppesen2019); repeatable', collect, [] as string[])
    .action(async (id: string | undefined, opts: MechanismsFlags) => setCode(await mechanismsCommand(ctx, id, opts)));

  program
    .command('describe')
    .description('describe a model (or a scenario, by id) in sentences')
    .argument('<model>', "model file (.yaml, .yml or .json), or a scenario id (see 'exosim scenario list')")
    .action(async (model: string) => setCode(await describeCommand(ctx, model)));

  program
    .command('compile')
    .description('print a stage of the compilation pipeline')
    .argument('<model>', 'model file (.yaml, .yml or .json)')
    .option('--emit <stage>', 'model (the document), flat (the flat model, JSON) or code (generated kernels)', 'flat')
    .option('--format <fmt>', 'yaml or json, for --emit model (default: the input format)')
    .action(async (model: string, opts: { emit?: string; format?: string }) => setCode(await compileCommand(ctx, model, opts)));

  program
    .command('export')
    .description('write a model (ExoSim or SBML) as an SBML Level 3 Version 2 document (stdout without --out)')
    .argument('<model>', 'model file (.yaml, .yml, .json or SBML .xml)')
    .option('--to <format>', 'target format: sbml (SBML Level 3 Version 2 core)', 'sbml')
    .option('--out <file>', 'write the document to file.xml (atomically) instead of stdout')
    .option('--id <sid>', 'SBML model id (default: the model id, dots replaced by __)')
    .option('--quiet', 'no warnings or summary line on stderr')
    .action(async (model: string, opts: ExportFlags) => setCode(await exportCommand(ctx, model, opts)));

  program
    .command('steady-state')
    .description('compute the steady state of a model (Newton, with integration as the fallback)')
    .argument('<model>', 'model file (.yaml, .yml or .json)')
    .option('--set <id=value>', 'override a parameter (value in its declared unit); repeatable', collect, [] as string[])
    .option('--rtol <x>', 'relative tolerance (default 1e-8)')
    .option('--atol <x>', 'absolute tolerance, in the declared units of each species (default 1e-12)')
    .option('--out <file>', 'write the steady state as one row to file.csv or file.json (and the run record to <file>.run.json)')
    .option('--json', 'print method, residual, iterations, values and run record as JSON instead of the table')
    .option('--quiet', 'no summary line or warnings on stderr')
    .action(async (model: string, opts: SteadyStateFlags) => setCode(await steadyStateCommand(ctx, model, opts)));

  program
    .command('solvers')
    .description('list the registered solvers: method, references, settings and features')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => setCode(solversCommand(ctx, opts)));

  program
    .command('sbml-test')
    .description('run SBML Test Suite semantic cases: one case (Test Runner wrapper) or all of them (--all)')
    .argument('<cases-dir>', 'folder holding the NNNNN/ case folders (e.g. sbml-test-suite/cases/semantic)')
    .argument('[args...]', '<case-id> <out-dir> [<level> <version>] for one case; nothing with --all')
    .option('--all', 'run every time-course case folder in one process (needs --out)')
    .option('--out <dir>', 'with --all: directory for the NNNNN.csv files')
    .option('--filter <tags>', 'with --all: only cases with at least one of these comma-separated test or component tags')
    .option('--report <file.md>', 'with --all: also write the Markdown summary to this file')
    .option('--json', 'print the result (one case) or the summary (--all) as JSON on stdout')
    .option('--concurrency <n>', 'with --all: cases simulated at the same time (default 1)')
    .option('--score', 'score against NNNNN-results.csv (default: on with --all, off for one case)')
    .option('--no-score', 'with --all: only simulate and write the CSVs')
    .addOption(new Option('--simulator <name>', 'testing: exosim (default) or echo[:factor]').hideHelp())
    .addHelpText(
      'after',
      '\nOne case, as the SBML Test Runner calls a wrapper:\n  exosim sbml-test <cases-dir> <case-id> <out-dir> [<level> <version>]\n' +
        'writes <out-dir>/<case-id>.csv (time, then the settings\' variables); exit 0 when the case ran, 2 when the model is refused.\n' +
        'All cases:\n  exosim sbml-test <cases-dir> --all --out <out-dir> [--filter tag,...] [--report report.md] [--json] [--concurrency n]\n',
    )
    .action(async (casesDir: string, args: string[], opts: SbmlTestFlags) => setCode(await sbmlTestCommand(ctx, casesDir, args, opts)));

  program
    .command('dsmts')
    .description('run Discrete Stochastic Models Test Suite cases (n replicates each) and report the Z (mean) and Y (SD) test failures')
    .argument('<cases-dir>', 'folder holding the NNNNN/ DSMTS case folders (e.g. sbml-test-suite/cases/stochastic)')
    .argument('[case-id]', 'one case (e.g. 00001); or --all')
    .option('--all', 'run every case folder')
    .option('--solver <id>', 'stochastic solver (default ssa-direct)')
    .option('--replicates <n>', 'replicates per case (default 10000)')
    .option('--seed <n>', 'seed (default 0)')
    .option('--threads <n>', 'worker threads (default: all cores)')
    .option('--json', 'print the totals and every case as JSON on stdout')
    .option('--quiet', 'no per-case tables (totals only)')
    .addHelpText(
      'after',
      '\nExit 0 when the failures are within the chance allowance (see docs/cli.md), 1 when not, 2 for bad input, 130 when interrupted.\n',
    )
    .action(async (casesDir: string, caseId: string | undefined, opts: DsmtsFlags) => setCode(await dsmtsCommand(ctx, casesDir, caseId, opts)));

  return program;
}

export async function main(argv: string[], io: MainIo = {}): Promise<number> {
  const ownStreams = io.stdout === undefined && io.stderr === undefined;
  const ctx: CliContext = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    cwd: io.cwd ?? process.cwd(),
    isTTY: io.isTTY ?? (io.stderr === undefined ? process.stderr.isTTY === true : false),
    env: io.env ?? process.env,
    version: packageVersion(),
    handleSignals: io.handleSignals ?? ownStreams,
  };
  let code = EXIT_OK;
  const program = buildProgram(ctx, (c) => {
    code = c;
  });
  try {
    const from = argvSource(argv);
    const userArgs = from === 'node' ? argv.slice(2) : argv;
    if (userArgs.length === 0) {
      program.outputHelp();
      return EXIT_USER;
    }
    await program.parseAsync(argv, { from });
    return code;
  } catch (e) {
    return reportError(ctx, e);
  }
}

/** Turn a thrown error into messages and an exit code. */
function reportError(ctx: CliContext, e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK;
    if (e.code === 'commander.executeSubCommandAsync') return EXIT_OK;
    const message = e.message.replace(/^error:\s*/i, '');
    ctx.stderr.write(
      formatDiagnostic(diag('E_USAGE', message, { hint: "run 'exosim --help' or 'exosim <command> --help' for the accepted arguments" })) + '\n',
    );
    return EXIT_USER;
  }
  if (isExosimError(e)) {
    printDiagnostics(ctx, e.diagnostics.length ? e.diagnostics : [diag('E_INPUT', e.message)]);
    return EXIT_USER;
  }
  if (e instanceof SolverError) {
    const where = /\bt = /.test(e.message) ? '' : ` (at t = ${e.t})`;
    ctx.stderr.write(formatDiagnostic(diag(e.code, `${e.message}${where}`, { hint: e.hint })) + '\n');
    return EXIT_USER;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  ctx.stderr.write(`exosim: internal error: ${err.message.split('\n')[0] ?? ''}\n`);
  if (ctx.env['EXOSIM_DEBUG'] && ctx.env['EXOSIM_DEBUG'] !== '0') ctx.stderr.write(`${err.stack ?? ''}\n`);
  return EXIT_INTERNAL;
}

// The command-line host: `embedlab COMMAND ...`. Finds the command, parses its
// options, runs it against the service, prints a table or one JSON document.
import { resolve } from 'node:path';
import { defaultDbPath } from '../service/paths.ts';
import type { HostKind, LabService, ServiceOptions } from '../service/types.ts';
import { parseCommand, positionals, UsageError } from './args.ts';
import type { Command, Context, Io, Outcome, Signals } from './context.ts';
import { corpora, corpusAdd } from './commands/corpus.ts';
import { analogy, neighbors, similarity } from './commands/query.ts';
import { expr, kwic, oddOneOut } from './commands/expr.ts';
import { project } from './commands/project.ts';
import { serve } from './commands/serve.ts';
import { resume, runs, train } from './commands/train.ts';
import { evaluate } from './commands/eval.ts';
import { exportVectors, importVectors } from './commands/vectors.ts';
import { align, compare, stability } from './commands/compare.ts';
import { attention, contexts, encode, modelAdd, models, providers, search, tokenize } from './commands/encoders.ts';

export const commands: Command[] = [
  corpusAdd,
  corpora,
  train,
  resume,
  runs,
  importVectors,
  exportVectors,
  neighbors,
  analogy,
  similarity,
  expr,
  oddOneOut,
  kwic,
  project,
  evaluate,
  compare,
  stability,
  align,
  modelAdd,
  models,
  tokenize,
  encode,
  attention,
  search,
  contexts,
  providers,
  serve,
];

export interface Deps extends Io {
  env: NodeJS.ProcessEnv;
  cwd: string;
  signals: Signals;
  createService(opts: ServiceOptions): Promise<LabService>;
  exit(code: number): void;
}

/** runs one command line; resolves to the exit code */
export async function main(argv: string[], deps: Partial<Deps> = {}): Promise<number> {
  const d = { ...defaultDeps(), ...deps };
  const json = argv.includes('--json');
  const opened: { service: LabService | null } = { service: null };
  try {
    const found = findCommand(argv);
    if (!found) return help(d, json, argv[1]);
    const { command, rest } = found;
    const parsed = parseCommand(command.name, rest, command.options);
    if (parsed.values.help) return help(d, json, command.name);
    positionals(command.name, parsed.positionals, command.args);
    const ctx = context(d, json, async (host) => (opened.service ??= await openService(d, parsed.values.db, host)));
    return print(d, json, await command.run(ctx, parsed));
  } catch (err) {
    return fail(d, json, err);
  } finally {
    await opened.service
      ?.close()
      .catch((err: Error) => d.stderr.write(`embedlab: closing the lab failed: ${err.message}\n`));
  }
}

function findCommand(argv: string[]): { command: Command; rest: string[] } | null {
  const [first, second] = argv;
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') return null;
  const two = commands.find((c) => c.name === `${first} ${second}`);
  if (two) return { command: two, rest: argv.slice(2) };
  const one = commands.find((c) => c.name === first);
  if (one) return { command: one, rest: argv.slice(1) };
  const group = commands.find((c) => c.name.startsWith(`${first} `));
  if (group) throw new UsageError(`${first}: unknown subcommand "${second ?? ''}" (see: embedlab help)`);
  throw new UsageError(`unknown command "${first}" (see: embedlab help)`);
}

function context(d: Deps, json: boolean, service: (host?: HostKind) => Promise<LabService>): Context {
  return {
    io: d,
    json,
    cwd: d.cwd,
    signals: d.signals,
    service,
    log: (line) => d.stderr.write(`embedlab: ${line}\n`),
    exit: d.exit,
  };
}

function openService(d: Deps, db: unknown, host: HostKind = 'cli'): Promise<LabService> {
  const dbPath = typeof db === 'string' ? resolve(d.cwd, db) : defaultDbPath(d.env);
  return d.createService({ dbPath, host });
}

function print(d: Deps, json: boolean, outcome: Outcome | null): number {
  if (!outcome) return 0;
  if (json) d.stdout.write(`${JSON.stringify(outcome.json)}\n`);
  else if (outcome.text) d.stdout.write(`${outcome.text}\n`);
  if (outcome.error) d.stderr.write(`embedlab: ${outcome.error}\n`);
  return outcome.exitCode ?? 0;
}

function fail(d: Deps, json: boolean, err: unknown): number {
  const e = err instanceof Error ? err : new Error(String(err));
  // a message on one line: scripts read stderr line by line
  const message = e.message.replace(/\s*\n\s*/g, ' ');
  if (json) d.stdout.write(`${JSON.stringify({ error: { message } })}\n`);
  d.stderr.write(`embedlab: ${message}\n`);
  if (d.env.EMBEDLAB_DEBUG && e.stack) d.stderr.write(`${e.stack}\n`);
  // a bad value for an option is a usage error too; the contract names the field
  return e instanceof UsageError || e.name === 'ContractError' ? 2 : 1;
}

function help(d: Deps, json: boolean, topic?: string): number {
  const command = commands.find((c) => c.name === topic || c.name.startsWith(`${topic} `));
  const text = command ? commandUsage(command) : usage();
  d.stdout.write(json ? `${JSON.stringify({ usage: text })}\n` : `${text}\n`);
  return 0;
}

function commandLine(c: Command): string {
  return ['embedlab', c.name, ...c.args, c.synopsis].filter(Boolean).join(' ');
}

function commandUsage(c: Command): string {
  return `${commandLine(c)}\n  ${c.summary}\n\nEvery command also takes --db FILE (else $EMBEDDING_LAB_DB, else the default) and --json.`;
}

export function usage(): string {
  const lines = commands.map((c) => `  ${commandLine(c)}\n      ${c.summary}`);
  return [
    'usage: embedlab COMMAND [options]',
    '',
    ...lines,
    '  embedlab help [COMMAND]',
    '',
    'Every command also takes:',
    '  --db FILE   the lab database (else $EMBEDDING_LAB_DB, else the default path)',
    '  --json      print exactly one JSON document on stdout; progress and logs go to stderr',
    '',
    'Exit codes: 0 ok, 1 error, 2 usage error, 130 cancelled with Ctrl-C.',
  ].join('\n');
}

function defaultDeps(): Deps {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signals: process,
    // loaded on use, so `embedlab help` starts without SQLite
    createService: async (opts) => (await import('../service/service.ts')).createService(opts),
    exit: (code) => process.exit(code),
  };
}

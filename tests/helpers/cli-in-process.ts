// The CLI's main() run in the test's own process, its two streams captured:
// the parsing and printing of the real CLI against whatever service a test
// hands it (the fake one or the real one on a temp database), without the cost
// of a child process. tests/helpers/cli.ts spawns the real bin instead.
import { EventEmitter } from 'node:events';
import { main, type Deps } from '../../src-main/cli/main.ts';

/** a stream that keeps what is written to it; not a terminal, so no progress bars */
export class Sink {
  text = '';
  isTTY = false;

  constructor(private readonly onWrite?: () => void) {}

  write(chunk: string): boolean {
    this.text += chunk;
    this.onWrite?.();
    return true;
  }
}

/** what a test must give: where the CLI runs and the service it opens; the rest has defaults */
export type CliDeps = Pick<Deps, 'cwd' | 'createService'> & Partial<Omit<Deps, 'stdout' | 'stderr'>>;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as one JSON document */
  json<T = Record<string, unknown>>(): T;
}

/**
 * Runs one command line to its end. Defaults: an empty environment, signals
 * of its own, and an exit() that throws, since a command must return its code.
 */
export async function runCli(argv: string[], deps: CliDeps): Promise<CliResult> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await main(argv, { ...defaults(), ...deps, stdout, stderr });
  return {
    code,
    stdout: stdout.text,
    stderr: stderr.text,
    json: <T>() => JSON.parse(stdout.text) as T,
  };
}

export interface Started {
  stdout: Sink;
  stderr: Sink;
  signals: EventEmitter;
  /** the exit code, once the command ends (a server: after SIGTERM) */
  done: Promise<number>;
  /** true once something is printed on stdout (a server's URL line); false when the command ends first */
  started: Promise<boolean>;
}

/** starts a long-running command (`serve`) and returns at once, the test to send it signals; exit() is ignored */
export function startCli(argv: string[], deps: CliDeps & { signals?: EventEmitter }): Started {
  let printed!: () => void;
  const firstOutput = new Promise<void>((resolve) => (printed = resolve));
  const stdout = new Sink(() => printed());
  const stderr = new Sink();
  const signals = deps.signals ?? new EventEmitter();
  const done = main(argv, { ...defaults(), exit: () => {}, ...deps, signals, stdout, stderr });
  return {
    stdout,
    stderr,
    signals,
    done,
    started: Promise.race([firstOutput.then(() => true), done.then(() => false)]),
  };
}

function defaults(): Omit<Deps, 'stdout' | 'stderr' | 'cwd' | 'createService'> {
  return {
    env: {},
    signals: new EventEmitter(),
    exit: (code) => {
      throw new Error(`exit ${code}`);
    },
  };
}

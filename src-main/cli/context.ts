// What a command gets to work with, and what it hands back.
import type { HostKind, LabService } from '../service/types.ts';
import type { OptionSpec, Parsed } from './args.ts';
import type { ProgressStream } from './progress.ts';

export interface Signals {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface Io {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
}

export interface Context {
  io: Io;
  json: boolean;
  cwd: string;
  signals: Signals;
  /** opens the service on first use; main closes it */
  service(host?: HostKind): Promise<LabService>;
  /** one line on stderr, prefixed */
  log(line: string): void;
  /** leaves at once: a second Ctrl-C */
  exit(code: number): void;
}

/** what a command prints: `json` with --json, else `text`; `error` also goes to stderr */
export interface Outcome {
  json: unknown;
  text: string;
  exitCode?: number;
  error?: string;
}

export interface Command {
  name: string;
  /** positionals, e.g. ['RUN', 'WORD'] or ['PATH...'] */
  args: string[];
  /** the options, as the help shows them */
  synopsis: string;
  summary: string;
  options: OptionSpec;
  /** null when the command printed its own output (serve) */
  run(ctx: Context, parsed: Parsed): Promise<Outcome | null>;
}

// Command-line parsing on node:util parseArgs, strict, with errors that name
// the option and the command.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** a mistake in how the command was typed: exit code 2 */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

export interface Parsed {
  values: Values;
  positionals: string[];
}

/** options every command takes */
export const commonOptions = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

export function parseCommand(command: string, argv: string[], options: OptionSpec): Parsed {
  try {
    const parsed = parseArgs({
      args: joinNegativeValues(argv, options),
      options: { ...commonOptions, ...options },
      strict: true,
      allowPositionals: true,
    });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (err) {
    throw new UsageError(`${explain(err as Error & { code?: string })} (see: embedlab help ${command})`);
  }
}

/** `--min-dist -1` as `--min-dist=-1`: parseArgs reads a value that starts with `-` as an option */
function joinNegativeValues(argv: string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return [...out, ...argv.slice(i)];
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : null;
    const next = argv[i + 1];
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

function explain(err: Error & { code?: string }): string {
  const option = /'([^']+)'/.exec(err.message)?.[1];
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    return err.message.includes('argument missing')
      ? `option ${option.split(' ')[0]} needs a value`
      : `option ${option} takes no value`;
  }
  return err.message;
}

/** checks the count of positionals against their names; a trailing `...` name takes the rest */
export function positionals(command: string, given: string[], names: string[]): string[] {
  const rest = names.at(-1)?.endsWith('...') ?? false;
  const required = names.filter((n) => !n.startsWith('['));
  if (given.length < required.length) {
    throw new UsageError(
      `${command}: missing ${required.slice(given.length).join(' ')} (see: embedlab help ${command})`,
    );
  }
  if (!rest && given.length > names.length) {
    throw new UsageError(`${command}: unexpected argument "${given[names.length]}" (see: embedlab help ${command})`);
  }
  return given;
}

export function stringOption(values: Values, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}

export function requiredString(values: Values, key: string, command: string): string {
  const v = stringOption(values, key);
  if (v === undefined || v.trim() === '')
    throw new UsageError(`${command}: --${key} is required (see: embedlab help ${command})`);
  return v;
}

export function numberOption(values: Values, key: string): number | undefined {
  const v = stringOption(values, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${key} expects a number, got "${v}"`);
  return n;
}

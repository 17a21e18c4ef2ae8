// The errors an import reports about its input: each names the file and says
// what the user can do about it. Hosts recognise it by name.

export class CorpusInputError extends Error {
  override name = 'CorpusInputError';

  constructor(
    /** the file or folder at fault, as a full path */
    readonly file: string,
    message: string,
    /** byte offset in the file, for invalid UTF-8 and NUL bytes */
    readonly offset?: number,
  ) {
    super(message);
  }
}

/** turns a file-system error about `file` into a CorpusInputError; rethrows anything else */
export function inputErrorFrom(error: unknown, file: string, shown: string): CorpusInputError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === undefined) throw error;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new CorpusInputError(file, `${shown}: not found`);
  if (code === 'EACCES' || code === 'EPERM') {
    return new CorpusInputError(file, `${shown}: permission denied (${code}); check that you may read it`);
  }
  if (code === 'ELOOP') return new CorpusInputError(file, `${shown}: too many symbolic links (ELOOP)`);
  return new CorpusInputError(file, `${shown}: cannot be read (${code})`);
}

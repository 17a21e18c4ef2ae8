// Which files an import reads: the files named, and the text files found in
// the folders named (recursively, hidden entries skipped, sorted so that the
// same folder always gives the same corpus).
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { CorpusInputError, inputErrorFrom } from './input-error.ts';
import { compareCodePoints } from './vocab.ts';

export const TEXT_EXTENSIONS = ['.txt', '.text', '.md', '.markdown'];
const MARKDOWN_EXTENSIONS = ['.md', '.markdown'];

export interface CorpusFile {
  path: string;
  /** the path shown to the user: relative to the folder holding what they named */
  shown: string;
  size: number;
  markdown: boolean;
}

export async function listCorpusFiles(paths: string[]): Promise<CorpusFile[]> {
  if (paths.length === 0) throw new CorpusInputError('', 'nothing to import: no file or folder was given');
  const files: CorpusFile[] = [];
  const seen = new Set<string>();
  for (const root of paths.map((path) => resolve(path))) {
    for (const file of await listRoot(root)) {
      if (seen.has(file.path)) continue;
      seen.add(file.path);
      files.push(file);
    }
  }
  return files;
}

async function listRoot(root: string): Promise<CorpusFile[]> {
  const base = dirname(root);
  const shown = basename(root);
  const info = await stat(root).catch((error: unknown) => Promise.reject(inputErrorFrom(error, root, shown)));
  if (info.isFile()) {
    if (info.size === 0) throw new CorpusInputError(root, `${shown}: the file is empty`);
    return [describe(root, base, info.size)];
  }
  if (!info.isDirectory()) throw new CorpusInputError(root, `${shown}: not a file or a folder`);
  const files: CorpusFile[] = [];
  const found = await walk(root, base, files, new Set());
  if (found === 0) {
    throw new CorpusInputError(root, `${shown}: no text files (${TEXT_EXTENSIONS.join(' ')}) in this folder`);
  }
  return files;
}

/** appends the non-empty text files under `dir`; returns how many text files it saw, empty ones included */
async function walk(dir: string, base: string, files: CorpusFile[], visited: Set<string>): Promise<number> {
  const fail = (path: string) => (error: unknown) => Promise.reject(inputErrorFrom(error, path, relative(base, path)));
  // a symbolic link back up the tree must not loop forever
  const real = await realpath(dir).catch(fail(dir));
  if (visited.has(real)) return 0;
  visited.add(real);
  const entries = await readdir(dir, { withFileTypes: true }).catch(fail(dir));
  entries.sort((a, b) => compareCodePoints(a.name, b.name));
  let found = 0;
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      found += await walk(path, base, files, visited);
      continue;
    }
    const link = entry.isSymbolicLink();
    if (!link && !(entry.isFile() && isTextFile(entry.name))) continue;
    // a dangling link is skipped; a text file that cannot be read is the user's to know
    const info = await stat(path).catch((error: unknown) => (link ? null : fail(path)(error)));
    if (info?.isDirectory()) {
      found += await walk(path, base, files, visited);
    } else if (info?.isFile() && isTextFile(entry.name)) {
      found++;
      if (info.size > 0) files.push(describe(path, base, info.size));
    }
  }
  return found;
}

function describe(path: string, base: string, size: number): CorpusFile {
  const extension = extname(path).toLowerCase();
  return { path, shown: relative(base, path), size, markdown: MARKDOWN_EXTENSIONS.includes(extension) };
}

function isTextFile(name: string): boolean {
  return TEXT_EXTENSIONS.includes(extname(name).toLowerCase());
}

import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusInputError, importCorpusFiles, type ImportProgress } from '../../../src-main/core/corpus/import.ts';
import { inputErrorFrom } from '../../../src-main/core/corpus/input-error.ts';
import { countTokens, readTokens, SENTENCE_END } from '../../../src-main/core/corpus/token-file.ts';
import { tokenizeLine } from '../../../src-main/core/corpus/tokenize.ts';
import { sharedData, tempDir } from '../../helpers/paths.ts';

const E = SENTENCE_END;
let dir = '';
let cleanup = () => {};
beforeEach(() => ({ dir, cleanup } = tempDir('embedlab-corpus-')));
afterEach(() => cleanup());

function write(path: string, content: string | Uint8Array): string {
  const full = join(dir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
  return full;
}

function tokensOf(file: string): number[] {
  const tokens: number[] = [];
  readTokens(file, 0, Infinity, (chunk) => chunk.forEach((token) => tokens.push(token)));
  return tokens;
}

/** the token file read back as words, one array per sentence */
function sentencesOf(file: string, words: string[]): string[][] {
  const sentences: string[][] = [[]];
  for (const token of tokensOf(file)) {
    if (token === E) sentences.push([]);
    else sentences[sentences.length - 1].push(words[token]);
  }
  expect(sentences.pop()).toEqual([]); // the file ends with SENTENCE_END
  return sentences;
}

describe('importCorpusFiles on a small folder', () => {
  beforeEach(() => {
    write('notes/a.txt', 'The cat sat.\nThe dog sat!\n\nA cat, a dog.\n');
    write('notes/b.md', '# Cats\n\nThe `code` cat [link](http://x.org).\n```\nignored words here\n```\n');
    write('notes/sub/c.text', 'dog');
    write('notes/.hidden.txt', 'hidden words');
    write('notes/.git/d.txt', 'hidden words');
    write('notes/skip.csv', 'csv,words');
  });

  it('gives exact counts and ids (lowercased)', async () => {
    const outFile = join(dir, 'out.tokens');
    const result = await importCorpusFiles({ paths: [join(dir, 'notes')], lowercase: true, outFile });
    // the 3, cat 3, dog 3, a 2, sat 2, cats 1, link 1; ties in code-point order
    expect(result).toEqual({
      files: 3,
      tokens: 15,
      sentences: 6,
      words: ['cat', 'dog', 'the', 'a', 'sat', 'cats', 'link'],
      counts: [3, 3, 3, 2, 2, 1, 1],
    });
    // a.txt, b.md, sub/c.text: sorted, a sentence per line with words
    expect(tokensOf(outFile)).toEqual([2, 0, 4, E, 2, 1, 4, E, 3, 0, 3, 1, E, 5, E, 2, 0, 6, E, 1, E]);
    expect(countTokens(outFile)).toBe(result.tokens + result.sentences);
    expect(existsSync(`${outFile}.tmp`)).toBe(false);
  });

  it('keeps case when asked', async () => {
    const outFile = join(dir, 'out.tokens');
    const result = await importCorpusFiles({ paths: [join(dir, 'notes')], lowercase: false, outFile });
    expect(result.words).toEqual(['The', 'cat', 'dog', 'sat', 'A', 'Cats', 'a', 'link']);
    expect(sentencesOf(outFile, result.words)).toEqual([
      ['The', 'cat', 'sat'],
      ['The', 'dog', 'sat'],
      ['A', 'cat', 'a', 'dog'],
      ['Cats'],
      ['The', 'cat', 'link'],
      ['dog'],
    ]);
  });

  it('takes files and folders together, each file once', async () => {
    const outFile = join(dir, 'out.tokens');
    const paths = [join(dir, 'notes/sub/c.text'), join(dir, 'notes'), join(dir, 'notes/skip.csv')];
    const result = await importCorpusFiles({ paths, lowercase: true, outFile });
    expect(result.files).toBe(4); // c.text, a.txt, b.md, and skip.csv because it was named
    expect(sentencesOf(outFile, result.words)[0]).toEqual(['dog']);
    expect(result.words).toContain('csv');
  });

  it('reports progress, throttled, ending at the total', async () => {
    const progress: ImportProgress[] = [];
    const outFile = join(dir, 'out.tokens');
    await importCorpusFiles({
      paths: [join(dir, 'notes')],
      lowercase: true,
      outFile,
      onProgress: (p) => progress.push(p),
    });
    const last = progress[progress.length - 1];
    expect(last).toEqual({
      bytesDone: last.bytesTotal,
      bytesTotal: last.bytesTotal,
      tokens: 15,
      file: 'notes/sub/c.text',
    });
    expect(last.bytesTotal).toBe(41 + 72 + 3);
    expect(progress.length).toBeLessThanOrEqual(3);
  });
});

describe('importCorpusFiles on text that streams in pieces', () => {
  it('skips a BOM and handles CRLF line ends', async () => {
    const file = write('bom.txt', '\uFEFFHello world\r\n\r\nSecond line\r\n');
    const outFile = join(dir, 'out.tokens');
    const result = await importCorpusFiles({ paths: [file], lowercase: false, outFile });
    expect(sentencesOf(outFile, result.words)).toEqual([
      ['Hello', 'world'],
      ['Second', 'line'],
    ]);
  });

  it('matches an in-memory reference across chunk boundaries', async () => {
    // ~3 MB of lines with 2-, 3- and 4-byte characters, so chunks end mid-character and mid-line
    const pieces = [
      'naïve',
      'Ñandú',
      '東京',
      '😀',
      'state-of-the-art',
      "don't",
      'x',
      '',
      '  ',
      'Café—bar',
      'e\u0301t\u00e9',
    ];
    const lines: string[] = [];
    let state = 7;
    for (let i = 0; i < 60_000; i++) {
      const words: string[] = [];
      for (let k = 0; k < i % 13; k++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        words.push(pieces[state % pieces.length] + (state % 5 === 0 ? String(i % 97) : ''));
      }
      lines.push(words.join(i % 3 === 0 ? ' ' : ', '));
    }
    const text = lines.join('\n');
    const file = write('big.txt', text);
    const outFile = join(dir, 'out.tokens');
    const result = await importCorpusFiles({ paths: [file], lowercase: true, outFile });

    const expected = lines.map((line) => tokenizeLine(line, { lowercase: true })).filter((words) => words.length > 0);
    expect(result.sentences).toBe(expected.length);
    expect(result.tokens).toBe(expected.flat().length);
    expect(sentencesOf(outFile, result.words)).toEqual(expected);
    expect(result.counts.reduce((a, b) => a + b, 0)).toBe(result.tokens);
  });

  it('gives the words tokenizeLine gives on lines mixing ASCII and other text', async () => {
    const lines = [
      'Ünïcode-ASCII mix’d with plain words',
      'ΟΔΟΣ ΟΔΟΣ. Σ',
      'a\u0301 b \u0301c e\u0301-x',
      'İstanbul and ISTANBUL\tTab',
      'x—y “quoted” don’t-stop 東京-2020 😀word',
      "plain ascii line, don't",
    ];
    const file = write('mixed.txt', lines.join('\r\n'));
    for (const lowercase of [true, false]) {
      const outFile = join(dir, `mixed-${lowercase}.tokens`);
      const result = await importCorpusFiles({ paths: [file], lowercase, outFile });
      // tokenizeLine sees the \r too: it is a separator either way
      const expected = lines.map((line) => tokenizeLine(`${line}\r`, { lowercase }));
      expect(sentencesOf(outFile, result.words)).toEqual(expected);
    }
  });

  it('splits a line longer than the read buffer between words, one sentence still', async () => {
    const words = Array.from({ length: 400_000 }, (_, i) => `w${i % 1000}`);
    const file = write('long.txt', `${words.join(' ')}\nnext line\n`);
    const outFile = join(dir, 'out.tokens');
    const result = await importCorpusFiles({ paths: [file], lowercase: false, outFile });
    expect(result.sentences).toBe(2);
    expect(result.tokens).toBe(400_002);
    const sentences = sentencesOf(outFile, result.words);
    expect(sentences[0]).toEqual(words);
    expect(sentences[1]).toEqual(['next', 'line']);
  });

  it('splits a run of letters longer than the read buffer between characters', async () => {
    const giant = 'é'.repeat(700_000); // 1.4 MB, no space anywhere
    const file = write('giant.txt', giant);
    const outFile = join(dir, 'out.tokens');
    const result = await importCorpusFiles({ paths: [file], lowercase: false, outFile });
    expect(result.sentences).toBe(1);
    expect(result.words.join('')).toBe(giant);
  });
});

describe('importCorpusFiles on corpus-tiny.txt', () => {
  it('gives plausible totals', async () => {
    const outFile = join(dir, 'tiny.tokens');
    const started = performance.now();
    const result = await importCorpusFiles({ paths: [sharedData('corpus-tiny.txt')], lowercase: true, outFile });
    const seconds = (performance.now() - started) / 1000;
    const text = readFileSync(sharedData('corpus-tiny.txt'), 'utf8');
    expect(result.files).toBe(1);
    expect(result.sentences).toBe(text.split('\n').filter((line) => line.trim() !== '').length);
    expect(result.sentences).toBe(1861);
    expect(result.tokens).toBeGreaterThan(85_000);
    expect(result.tokens).toBeLessThan(text.split(/\s+/).length * 1.1);
    expect(result.counts.reduce((a, b) => a + b, 0)).toBe(result.tokens);
    expect(result.words.slice(0, 3)).toEqual(['the', 'of', 'and']);
    expect(new Set(result.words).size).toBe(result.words.length);
    expect(countTokens(outFile)).toBe(result.tokens + result.sentences);
    const ids = tokensOf(outFile);
    expect(ids.every((id) => id === E || id < result.words.length)).toBe(true);
    console.log(`corpus-tiny: ${(text.length / 1e6 / seconds).toFixed(1)} MB/s, ${result.tokens} words`);
  });
});

describe('importCorpusFiles on bad input', () => {
  /** runs the import, expects a CorpusInputError, and checks that nothing is left behind */
  async function importError(paths: string[]): Promise<CorpusInputError> {
    const outFile = join(dir, 'out', 'corpus.tokens');
    mkdirSync(join(dir, 'out'), { recursive: true });
    writeFileSync(outFile, 'stale'); // a failed import removes even an old output
    writeFileSync(`${outFile}.tmp`, 'stale');
    const error = await importCorpusFiles({ paths, lowercase: true, outFile }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorpusInputError);
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
    return error as CorpusInputError;
  }

  it('a missing path', async () => {
    const missing = join(dir, 'missing.txt');
    const error = await importError([missing]);
    expect(error.file).toBe(missing);
    expect(error.message).toBe('missing.txt: not found');
  });

  it('an empty file', async () => {
    const file = write('empty.txt', '');
    const error = await importError([file]);
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/^empty\.txt: the file is empty/);
  });

  it('files without a single word', async () => {
    write('dots/a.txt', '... --- !!!\n\n');
    write('dots/b.txt', '');
    const error = await importError([join(dir, 'dots')]);
    expect(error.message).toMatch(/^dots: no words found/);
  });

  it('a binary file', async () => {
    const file = write('photo.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    const error = await importError([file]);
    expect(error.message).toMatch(/^photo\.txt: looks binary/);
    expect(error.offset).toBe(8);
  });

  it('a NUL byte far into a text file', async () => {
    const file = write('late.txt', Buffer.concat([Buffer.alloc(200_000, 'a '), Buffer.from([0]), Buffer.from('more')]));
    const error = await importError([file]);
    expect(error.message).toMatch(/^late\.txt: looks binary \(a NUL byte at byte 200000\)/);
    expect(error.offset).toBe(200_000);
  });

  it('invalid UTF-8, with its byte offset', async () => {
    const file = write(
      'notes.txt',
      Buffer.concat([Buffer.alloc(1234, 'x'), Buffer.from([0xe9]), Buffer.from('t\u00e9\n')]),
    );
    const error = await importError([file]);
    expect(error.file).toBe(file);
    expect(error.offset).toBe(1234);
    expect(error.message).toMatch(/^notes\.txt: invalid UTF-8 at byte 1234/);
  });

  it('invalid UTF-8 past the first read, in the second file of a folder', async () => {
    write('folder/a.txt', 'fine text\n');
    const offset = 1024 * 1024 + 5;
    const file = write('folder/b.txt', Buffer.concat([Buffer.alloc(offset, 'ab cd\n'), Buffer.from([0xff, 0x20])]));
    const error = await importError([join(dir, 'folder')]);
    expect(error.file).toBe(file);
    expect(error.offset).toBe(offset);
    expect(error.message).toMatch(new RegExp(`^folder/b\\.txt: invalid UTF-8 at byte ${offset}`));
  });

  it('a character cut off by the end of the file', async () => {
    const file = write('cut.txt', Buffer.from([0x61, 0x62, 0x20, 0xe2, 0x82]));
    const error = await importError([file]);
    expect(error.offset).toBe(3);
    expect(error.message).toMatch(/^cut\.txt: invalid UTF-8 at byte 3/);
  });

  it('UTF-16 text', async () => {
    const file = write('wide.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hello', 'utf16le')]));
    const error = await importError([file]);
    expect(error.message).toMatch(/^wide\.txt: is UTF-16 text; save it as UTF-8/);
  });

  it('a folder without text files', async () => {
    write('pictures/a.png', 'not really');
    write('pictures/.notes.txt', 'hidden');
    const error = await importError([join(dir, 'pictures')]);
    expect(error.file).toBe(join(dir, 'pictures'));
    expect(error.message).toMatch(/^pictures: no text files \(\.txt \.text \.md \.markdown\) in this folder/);
  });

  it('no paths at all', async () => {
    const error = await importError([]);
    expect(error.message).toMatch(/no file or folder was given/);
  });

  it('an unreadable file (EACCES)', async () => {
    // root reads everything, so the error is built from a stand-in as well as, when possible, for real
    const stand_in = inputErrorFrom(
      Object.assign(new Error('denied'), { code: 'EACCES' }),
      '/x/secret.txt',
      'secret.txt',
    );
    expect(stand_in.message).toMatch(/^secret\.txt: permission denied \(EACCES\)/);
    if (process.getuid?.() === 0) return;
    const file = write('secret.txt', 'words here');
    chmodSync(file, 0o000);
    const error = await importError([file]);
    expect(error.message).toMatch(/^secret\.txt: permission denied \(EACCES\)/);
  });
});

describe('importCorpusFiles cancellation', () => {
  it('stops on abort mid-read and leaves nothing behind', async () => {
    const file = write('many.txt', 'some words on a line\n'.repeat(300_000)); // 6.3 MB: several reads
    const outFile = join(dir, 'out', 'corpus.tokens');
    mkdirSync(join(dir, 'out'));
    const controller = new AbortController();
    const error = await importCorpusFiles({
      paths: [file],
      lowercase: true,
      outFile,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('AbortError');
    expect(readdirSync(join(dir, 'out'))).toEqual([]);
  });

  it('does nothing when already aborted', async () => {
    const file = write('a.txt', 'words');
    const outFile = join(dir, 'corpus.tokens');
    const error = await importCorpusFiles({
      paths: [file],
      lowercase: true,
      outFile,
      signal: AbortSignal.abort(),
    }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(existsSync(outFile)).toBe(false);
  });
});

// Export then import gives the same vectors, bit for bit, in every format;
// and bad files are refused with the line, column or byte offset at fault.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { metadataPathFor, writeVectorFile, type WritableFormat } from '../../../src-main/core/formats/write.ts';
import type { VectorFormat } from '../../../src-main/core/formats/types.ts';
import { repoRoot, tempDir } from '../../helpers/paths.ts';
import { firstDifference, readAll } from './collect.ts';

const tmp = tempDir('embedlab-formats-');
afterAll(tmp.cleanup);
const fixture = (name: string) => resolve(repoRoot, 'tests/fixtures/vectors', name);

/** gensim's vectors plus the awkward float32 values: -0, the smallest subnormal, the largest finite */
async function awkwardSet() {
  const base = await readAll('word2vec-bin', fixture('gensim.bin'));
  const data = base.data.slice();
  data.set([-0, 1.401298464324817e-45, 3.4028234663852886e38, -1.1754943508222875e-38, 1 / 3], 0);
  return { words: base.wordList, dim: base.dim, data };
}

describe('round trips', () => {
  const formats: WritableFormat[] = ['word2vec', 'word2vec-bin', 'glove', 'fasttext-vec', 'fasttext-bin', 'tsv'];
  for (const format of formats) {
    it(`${format}: export then import gives identical vectors and words`, async () => {
      const v = await awkwardSet();
      const out = join(tmp.dir, `rt-${format}.${format === 'tsv' ? 'tsv' : 'out'}`);
      const written = await writeVectorFile(format, out, v);
      const metadata = format === 'tsv' ? metadataPathFor(out) : undefined;
      expect(written.files).toEqual(metadata ? [out, metadata] : [out]);
      const back = await readAll(format, out, metadata);
      expect(back.wordList).toEqual(v.words);
      expect(firstDifference(back.data, v.data)).toBeNull();
    });
  }

  it('tsv without metadata: the rows are named by their number, as the Projector labels points', async () => {
    const out = join(tmp.dir, 'plain.tsv');
    writeFileSync(out, '1\t2\n3\t4\n');
    const back = await readAll('tsv', out);
    expect(back.wordList).toEqual(['0', '1']);
    expect([...back.data]).toEqual([1, 2, 3, 4]);
  });

  it('tsv metadata with several columns: a header row, labels from the "word" column', async () => {
    const out = join(tmp.dir, 'multi.tsv');
    writeFileSync(out, '1\t2\n3\t4\n');
    writeFileSync(join(tmp.dir, 'multi.meta.tsv'), 'count\tword\n7\tcat\n3\tdog\n');
    expect((await readAll('tsv', out, join(tmp.dir, 'multi.meta.tsv'))).wordList).toEqual(['cat', 'dog']);
  });

  it('refuses to export a word the format cannot hold', async () => {
    const v = { words: ['a b'], dim: 1, data: new Float32Array([1]) };
    await expect(writeVectorFile('word2vec', join(tmp.dir, 'x.txt'), v)).rejects.toThrow(
      /word 1 \("a b"\) holds whitespace/,
    );
  });
});

describe('bad files are refused, naming where', () => {
  async function refused(format: VectorFormat, content: string | Buffer, metadata?: string): Promise<string> {
    const path = join(tmp.dir, `bad-${Math.random().toString(36).slice(2)}`);
    writeFileSync(path, content);
    let meta: string | undefined;
    if (metadata !== undefined) writeFileSync((meta = `${path}.meta`), metadata);
    const err = await readAll(format, path, meta).then(
      () => null,
      (e: Error) => e,
    );
    expect(err, 'should have been refused').not.toBeNull();
    expect(err!.name).toBe('VectorInputError');
    return err!.message;
  }

  it('a line with the wrong dimension', async () => {
    expect(await refused('word2vec', '2 3\na 1 2 3\nb 1 2\n')).toMatch(
      /line 3: 2 values for "b", expected 3 \(the header says 3\)/,
    );
    expect(await refused('glove', 'a 1 2 3\nb 1 2 3\nc 1 2 3 4\n')).toMatch(
      /line 3: 4 values for "c", expected 3 \(as on line 1\)/,
    );
  });

  it('a value that is not a number: line and column', async () => {
    expect(await refused('glove', 'a 1 2 3\nb 1 x2 3\n')).toMatch(/line 2: column 3 \(value 2\): "x2" is not a number/);
    expect(await refused('glove', 'a 1 nan 3\n')).toMatch(/line 1: column 3 .*"nan" is not a number/);
  });

  it('a word seen twice: the lines of both', async () => {
    expect(await refused('glove', 'a 1\nb 2\na 3\n')).toMatch(/line 3: duplicate word "a" \(first on line 1\)/);
    expect(
      await refused(
        'word2vec-bin',
        binary([
          ['x', [1]],
          ['x', [2]],
        ]),
      ),
    ).toMatch(/word 2: duplicate word "x" \(first on word 1\)/);
    expect(await refused('tsv', '1\n2\n', 'a\na\n')).toMatch(/line 2: duplicate word "a" \(first on line 1\)/);
  });

  it('invalid UTF-8 in a word: the line and byte', async () => {
    const bytes = Buffer.concat([Buffer.from('ok 1\n'), Buffer.from([0x62, 0xff, 0x20]), Buffer.from('2\n')]);
    expect(await refused('glove', bytes)).toMatch(/line 2: the word is not valid UTF-8 \(at byte 5\)/);
  });

  it('an empty file, and one with no vectors', async () => {
    expect(await refused('glove', '')).toMatch(/the file is empty/);
    expect(await refused('glove', '\n\n')).toMatch(/no vectors found/);
    expect(await refused('word2vec-bin', '')).toMatch(/the file is empty/);
    expect(await refused('fasttext-bin', '')).toMatch(/the file is empty/);
  });

  it('a header whose word count the file does not match', async () => {
    expect(await refused('word2vec', '3 2\na 1 2\nb 1 2\n')).toMatch(/the header says 3 words but the file has 2/);
    expect(await refused('word2vec', '1 2\na 1 2\nb 1 2\n')).toMatch(/line 3: more words than the header's 1/);
    expect(await refused('word2vec', 'a 1 2\n')).toMatch(/line 1: expected the header "WORDS DIMS"/);
    expect(await refused('glove', '2 2\na 1 2\n')).toMatch(/looks like a word2vec header/);
  });

  it('tsv rows and metadata labels that do not pair up', async () => {
    expect(await refused('tsv', '1\n2\n3\n', 'a\nb\n')).toMatch(
      /line 3: more vector rows than the metadata's 2 labels/,
    );
    expect(await refused('tsv', '1\n', 'a\nb\n')).toMatch(/1 vector rows but the metadata has 2 labels/);
  });

  it('a truncated word2vec binary file: the byte offset and the word', async () => {
    const whole = binary([
      ['a', [1, 2]],
      ['b', [3, 4]],
    ]);
    const message = await refused('word2vec-bin', whole.subarray(0, whole.length - 3));
    // header "2 2\n" (4) + "a " (2) + 8 bytes + "\n" (1) + "b " (2) = 17: where b's values start; 26 - 3 - 17 = 6 left
    expect(message).toMatch(/truncated at byte 17: word 2 of 2 \("b"\) needs 8 bytes of float32 values, only 6 remain/);
    expect(await refused('word2vec-bin', whole.subarray(0, 15))).toMatch(
      /truncated at byte 15: the header promises 2 words but the file ends after word 1/,
    );
  });

  it('a truncated fastText model: the byte offset and the row', async () => {
    const whole = readFileSync(fixture('fasttext.bin'));
    const message = await refused('fasttext-bin', whole.subarray(0, 200_000));
    expect(message).toMatch(/truncated at byte 200000: the file ends in (word|n-gram) row \d+ of the input matrix/);
    expect(await refused('fasttext-bin', whole.subarray(0, 30))).toMatch(
      /truncated at byte \d+: the file ends in the model's/,
    );
    expect(await refused('fasttext-bin', 'hello')).toMatch(/not a fastText .bin model/);
  });

  it('a quantized fastText model (.ftz) is refused with the reason', async () => {
    const model = readFileSync(fixture('fasttext.bin'));
    const flag = quantFlagOffset(model);
    const ftz = Buffer.from(model);
    ftz[flag] = 1;
    expect(await refused('fasttext-bin', ftz)).toMatch(/a quantized fastText model \(\.ftz, byte \d+\)/);
  });
});

function binary(rows: [string, number[]][]): Buffer {
  const dim = rows[0][1].length;
  const parts = [Buffer.from(`${rows.length} ${dim}\n`)];
  for (const [w, v] of rows)
    parts.push(Buffer.from(`${w} `), Buffer.from(new Float32Array(v).buffer), Buffer.from('\n'));
  return Buffer.concat(parts);
}

/** where a fastText model's quant_input byte is: after the header, args and dictionary */
function quantFlagOffset(model: Buffer): number {
  let at = 8 + 12 * 4 + 8;
  const size = model.readInt32LE(at);
  const pruned = Number(model.readBigInt64LE(at + 20));
  at += 4 * 3 + 8 + 8;
  for (let i = 0; i < size; i++) at = model.indexOf(0, at) + 1 + 8 + 1;
  return at + Math.max(0, pruned) * 8;
}

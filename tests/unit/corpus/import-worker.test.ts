import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importCorpusFiles, type ImportWorkerMessage } from '../../../src-main/core/corpus/import.ts';
import { startWorker } from '../../../src-main/core/workers.ts';
import { sharedData, tempDir } from '../../helpers/paths.ts';

let cleanup = () => {};
afterEach(() => cleanup());

/** every message the worker posts, up to its exit */
function runWorker(data: { paths: string[]; lowercase: boolean; outFile: string }): Promise<ImportWorkerMessage[]> {
  const worker = startWorker('import-corpus', data);
  const messages: ImportWorkerMessage[] = [];
  return new Promise((resolve, reject) => {
    worker.on('message', (message: ImportWorkerMessage) => messages.push(message));
    worker.on('error', reject);
    worker.on('exit', () => resolve(messages));
  });
}

describe('import worker', () => {
  it('gives the same result and file as the direct call', async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const paths = [sharedData('corpus-tiny.txt')];
    const direct = await importCorpusFiles({ paths, lowercase: true, outFile: join(temp.dir, 'direct.tokens') });
    const outFile = join(temp.dir, 'worker.tokens');
    const messages = await runWorker({ paths, lowercase: true, outFile });

    const last = messages[messages.length - 1];
    expect(last).toEqual({ type: 'done', result: direct });
    const progress = messages.filter((message) => message.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBe(messages.length - 1);
    expect(readFileSync(outFile).equals(readFileSync(join(temp.dir, 'direct.tokens')))).toBe(true);
  });

  it('posts a CorpusInputError with its file', async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const missing = join(temp.dir, 'missing.txt');
    const messages = await runWorker({ paths: [missing], lowercase: true, outFile: join(temp.dir, 'x.tokens') });
    expect(messages).toStrictEqual([
      { type: 'error', name: 'CorpusInputError', message: 'missing.txt: not found', file: missing },
    ]);
  });

  it('can be terminated mid-import without keeping the output files open', async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const input = join(temp.dir, 'input.txt');
    writeFileSync(input, 'words and more words on every line\n'.repeat(600_000)); // 21 MB
    const outFile = join(temp.dir, 'out.tokens');
    const worker = startWorker('import-corpus', { paths: [input], lowercase: true, outFile });
    await new Promise((resolve) => worker.once('message', resolve));
    await worker.terminate();
    // what the job manager does after terminate()
    rmSync(outFile, { force: true });
    rmSync(`${outFile}.tmp`, { force: true });
    expect(readdirSync(temp.dir)).toEqual(['input.txt']);
    if (existsSync('/proc/self/fd')) {
      const open = readdirSync('/proc/self/fd').map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      });
      expect(open.filter((path) => path.startsWith(temp.dir))).toEqual([]);
    }
  });
});

import { describe, expect, test } from 'vitest';
import type { CorpusInfo, CorpusVocab } from '../../../src-preload/contract.ts';
import { CorporaStore, uploadName, VOCAB_LIMIT } from './corpora.svelte.ts';
import { createFakeLab, settle } from './testing/fake-lab.ts';

function corpus(over: Partial<CorpusInfo> = {}): CorpusInfo {
  return {
    id: 1,
    name: 'demo',
    source: 'demo',
    files: 1,
    tokens: 20_000,
    sentences: 1000,
    vocabSize: 1200,
    lowercase: true,
    createdAt: '2025-11-25T10:00:00Z',
    ...over,
  };
}

const vocab: CorpusVocab = {
  corpus: 'demo',
  total: 20_000,
  entries: [{ word: 'the', count: 1200 }],
  countsAtLeast: [{ minCount: 5, words: 300, tokens: 18_000 }],
};

describe('CorporaStore', () => {
  test('loads the list and reloads on changed(corpora) or a finished import of an unknown corpus', async () => {
    let list = [corpus()];
    const fake = createFakeLab({ listCorpora: () => list });
    const store = new CorporaStore(fake.lab);
    store.start();
    await settle();
    expect(store.corpora.map((c) => c.name)).toEqual(['demo']);

    list = [corpus(), corpus({ id: 2, name: 'books' })];
    fake.emit('job', {
      job: { id: 'j', kind: 'import', status: 'done', target: 'books', progress: null, error: null, createdAt: '' },
    });
    await settle();
    expect(store.corpora.map((c) => c.name)).toEqual(['demo', 'books']);

    list = [corpus()];
    fake.emit('changed', { what: 'corpora' });
    await settle();
    expect(store.corpora.map((c) => c.name)).toEqual(['demo']);
  });

  test('imports the demo corpus', async () => {
    const fake = createFakeLab({ importCorpus: () => ({ jobId: 'j1' }) });
    const store = new CorporaStore(fake.lab);
    expect(await store.importCorpus('demo', { kind: 'demo' }, true)).toBe('j1');
    expect(fake.argsOf('importCorpus')).toEqual([{ name: 'demo', source: { kind: 'demo' }, lowercase: true }]);
  });

  test('uploads files, then imports the upload', async () => {
    const uploads: { name: string; text: string }[] = [];
    const fake = createFakeLab({ importCorpus: () => ({ jobId: 'j2' }) });
    const store = new CorporaStore(fake.lab, async (body, name) => {
      uploads.push({ name, text: await body.text() });
      return 'a'.repeat(32);
    });
    expect(store.canUpload).toBe(true);
    const files = [new File(['one two'], 'a.txt'), new File(['three'], 'b.md')];
    expect(await store.importFiles(files, 'mine', false)).toBe('j2');
    expect(uploads).toEqual([{ name: 'a.txt+b.md', text: 'one two\n\nthree' }]);
    expect(fake.argsOf('importCorpus')).toEqual([
      { name: 'mine', source: { kind: 'upload', uploadId: 'a'.repeat(32) }, lowercase: false },
    ]);
  });

  test('without an uploader (desktop) importFiles refuses', async () => {
    const store = new CorporaStore(createFakeLab().lab);
    expect(store.canUpload).toBe(false);
    await expect(store.importFiles([new File(['x'], 'a.txt')], 'n', true)).rejects.toThrow('browser host');
  });

  test('import errors come through verbatim', async () => {
    const fake = createFakeLab({
      importCorpus: () => {
        throw new Error('notes.md: not UTF-8 text (byte 0xff at offset 12)');
      },
    });
    const store = new CorporaStore(fake.lab);
    await expect(store.importCorpus('n', { kind: 'demo' }, true)).rejects.toThrow(
      'notes.md: not UTF-8 text (byte 0xff at offset 12)',
    );
  });

  test('vocabulary loads once, errors are kept, a re-import invalidates it', async () => {
    let list = [corpus()];
    const fake = createFakeLab({
      listCorpora: () => list,
      corpusVocab: ({ corpus: name }) => {
        if (name === 'gone') throw new Error('corpusVocab: no corpus "gone"');
        return vocab;
      },
    });
    const store = new CorporaStore(fake.lab);
    await store.refresh();
    await store.loadVocab('demo');
    await store.loadVocab('demo');
    expect(fake.argsOf('corpusVocab')).toEqual([{ corpus: 'demo', limit: VOCAB_LIMIT }]);
    expect(store.vocab.get('demo')).toEqual({ vocab });

    list = [corpus({ createdAt: '2025-11-26T00:00:00Z' })];
    await store.refresh();
    expect(store.vocab.has('demo')).toBe(false);

    await store.loadVocab('gone');
    expect(store.vocab.get('gone')).toEqual({ error: 'corpusVocab: no corpus "gone"' });
  });

  test('names', () => {
    expect(CorporaStore.suggestName([{ name: 'moby-dick.txt' }])).toBe('moby-dick');
    expect(CorporaStore.suggestName([{ name: 'a.txt' }, { name: 'b.md' }, { name: 'c.md' }])).toBe('a-and-2-more');
    expect(uploadName([{ name: 'x.txt' }])).toBe('x.txt');
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `chapter-${i}.txt` }));
    const long = uploadName(many);
    expect(long.length).toBeLessThanOrEqual(180);
    expect(long.endsWith('chapter-39.txt')).toBe(true);
  });
});

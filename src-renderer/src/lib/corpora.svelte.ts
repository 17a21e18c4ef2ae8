// Corpora: the list, importing (demo, uploads in the browser, picked files on
// the desktop) and each corpus's vocabulary statistics.
import { SvelteMap } from 'svelte/reactivity';
import type { CorpusInfo, CorpusSource, CorpusVocab, LabApi, Unsubscribe } from '../../../src-preload/contract.ts';
import { errorMessage } from './api.ts';
import { Refresher } from './refresher.ts';

export type VocabState = { loading: true } | { vocab: CorpusVocab } | { error: string };

export type Uploader = (body: Blob, name: string) => Promise<string>;

/** how many top words the vocabulary panel asks for */
export const VOCAB_LIMIT = 100;

export class CorporaStore {
  readonly #lab: LabApi;
  readonly #upload: Uploader | null;
  readonly #refresher: Refresher;
  corpora: CorpusInfo[] = $state.raw([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  readonly vocab = new SvelteMap<string, VocabState>();

  constructor(lab: LabApi, upload: Uploader | null = null) {
    this.#lab = lab;
    this.#upload = upload;
    this.#refresher = new Refresher(() => this.#load());
  }

  get canUpload(): boolean {
    return this.#upload !== null;
  }

  start(): Unsubscribe {
    const offChanged = this.#lab.on('changed', ({ what }) => {
      if (what === 'corpora') void this.refresh();
    });
    const offJob = this.#lab.on('job', ({ job }) => {
      if (job.kind === 'import' && job.status === 'done' && !this.byName(job.target)) void this.refresh();
    });
    void this.refresh();
    return () => {
      offChanged();
      offJob();
    };
  }

  refresh(): Promise<void> {
    return this.#refresher.run();
  }

  async #load(): Promise<void> {
    try {
      const corpora = await this.#lab.listCorpora({});
      // a corpus re-imported under the same name has new statistics
      for (const c of corpora) {
        const before = this.byName(c.name);
        if (before && before.createdAt !== c.createdAt) this.vocab.delete(c.name);
      }
      this.corpora = corpora;
      this.loaded = true;
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  byName(name: string | null | undefined): CorpusInfo | undefined {
    return name ? this.corpora.find((c) => c.name === name) : undefined;
  }

  /** starts an import job; throws with the host's message */
  async importCorpus(name: string, source: CorpusSource, lowercase: boolean): Promise<string> {
    const { jobId } = await this.#lab.importCorpus({ name, source, lowercase });
    return jobId;
  }

  /**
   * Browser: uploads the files and imports them as one corpus. Several files
   * travel as one upload (joined by blank lines) named after all of them.
   */
  async importFiles(files: readonly File[], name: string, lowercase: boolean): Promise<string> {
    if (!this.#upload) throw new Error('Uploading files needs the browser host.');
    if (files.length === 0) throw new Error('Choose at least one file.');
    const body = files.length === 1 ? files[0] : joinFiles(files);
    const uploadId = await this.#upload(body, uploadName(files));
    return this.importCorpus(name, { kind: 'upload', uploadId }, lowercase);
  }

  /** desktop: asks main for a file dialog; null when the user closed it */
  async pickFiles(): Promise<{ pickId: string; paths: string[] } | null> {
    return this.#lab.pickCorpusFiles({});
  }

  /** loads a corpus's vocabulary once; read it from `vocab` */
  async loadVocab(corpus: string, force = false): Promise<void> {
    const known = this.vocab.get(corpus);
    if (known && !force && !('error' in known)) return;
    this.vocab.set(corpus, { loading: true });
    try {
      const vocab = await this.#lab.corpusVocab({ corpus, limit: VOCAB_LIMIT });
      this.vocab.set(corpus, { vocab });
    } catch (e) {
      this.vocab.set(corpus, { error: errorMessage(e) });
    }
  }

  async deleteCorpus(corpus: string): Promise<void> {
    await this.#lab.deleteCorpus({ corpus });
    this.vocab.delete(corpus);
    await this.refresh();
  }

  /** a default corpus name from file names: "moby-dick.txt" → "moby-dick" */
  static suggestName(files: readonly { name: string }[]): string {
    if (files.length === 0) return '';
    const stem = files[0].name.replace(/\.[^.]+$/, '');
    return files.length === 1 ? stem : `${stem}-and-${files.length - 1}-more`;
  }
}

function joinFiles(files: readonly File[]): Blob {
  const parts: BlobPart[] = [];
  files.forEach((f, i) => {
    if (i > 0) parts.push('\n\n');
    parts.push(f);
  });
  return new Blob(parts, { type: 'text/plain' });
}

/** the upload's name: the file's own, or all of them joined by "+" (ending in the last one's extension) */
export function uploadName(files: readonly { name: string }[]): string {
  if (files.length === 1) return files[0].name;
  const joined = files.map((f) => f.name).join('+');
  if (joined.length <= 180) return joined;
  const last = files[files.length - 1].name;
  return `${files[0].name}+${files.length - 2}-more+${last}`.slice(-180);
}

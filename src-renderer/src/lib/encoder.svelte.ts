// The Encoder view's state: registered encoders and the provider report, and
// one small class per panel (tokenizer, similarity, attention, contexts,
// corpus encoding, search). Each asks the host and keeps the answer or the
// host's error, verbatim; an answer to an older question is dropped.
import type {
  AttentionResult,
  ContextCloud,
  EncoderModelInfo,
  LabApi,
  ProviderName,
  ProviderReport,
  SemanticSearchResult,
  TokenizeResult,
} from '../../../src-preload/contract.ts';
import { errorMessage } from './api.ts';
import { cosineMatrix, splitSentences } from './encoder-math.ts';

export type ProviderSetting = ProviderName | 'auto';

/** one question to the host at a time: the latest answer, or its error */
export class Asked<T> {
  result: T | null = $state.raw(null);
  error = $state<string | null>(null);
  loading = $state(false);
  #seq = 0;

  async run(ask: () => Promise<T>): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const result = await ask();
      if (seq !== this.#seq) return;
      this.result = result;
      this.error = null;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.result = null;
      this.error = errorMessage(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  /** shows an error of the caller's own (bad input) without asking the host */
  fail(message: string): void {
    this.#seq++;
    this.result = null;
    this.error = message;
    this.loading = false;
  }

  clear(): void {
    this.#seq++;
    this.result = null;
    this.error = null;
    this.loading = false;
  }
}

export class EncoderModels {
  readonly #lab: LabApi;
  models: EncoderModelInfo[] = $state.raw([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  selected = $state<string | null>(null);
  providers = new Asked<ProviderReport>();
  /** the provider encodings ask for; a forced one that cannot run shows the host's error */
  provider = $state<ProviderSetting>('auto');
  /** the provider an encoding with the current setting actually used */
  check = new Asked<ProviderName>();
  /** the folder added last; null after a cancelled dialog */
  adding = new Asked<EncoderModelInfo | null>();

  readonly current = $derived(this.models.find((m) => m.name === this.selected) ?? null);

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  async load(): Promise<void> {
    try {
      this.models = await this.#lab.encoders({});
      this.loaded = true;
      this.error = null;
      if (!this.models.some((m) => m.name === this.selected)) this.select(this.models[0]?.name ?? null);
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  select(name: string | null): void {
    this.selected = name;
    void this.checkProvider();
  }

  loadProviders(): Promise<void> {
    return this.providers.run(() => this.#lab.providers({}));
  }

  setProvider(p: ProviderSetting): Promise<void> {
    this.provider = p;
    return this.checkProvider();
  }

  /** encodes one short text with the setting, to show the provider used (or why a forced one fails) */
  checkProvider(): Promise<void> {
    const model = this.selected;
    if (!model) {
      this.check.clear();
      return Promise.resolve();
    }
    return this.check.run(
      async () => (await this.#lab.encode({ model, texts: ['provider check'], provider: this.provider })).provider,
    );
  }

  /** desktop: a folder dialog, then the folder checked and registered; null when the dialog was cancelled */
  async pickAndAdd(name: string): Promise<EncoderModelInfo | null> {
    const wanted = name.trim();
    if (!wanted) {
      this.adding.fail('Give the encoder a name first.');
      return null;
    }
    await this.adding.run(async () => {
      const picked = await this.#lab.pickEncoderFolder({});
      return picked && this.#lab.addEncoder({ pickId: picked.pickId, name: wanted });
    });
    const added = this.adding.result;
    if (added) {
      await this.load();
      this.select(added.name);
    }
    return added;
  }
}

export class TokenizerPanel {
  readonly #lab: LabApi;
  text = $state('Unbelievably, the café’s bank-holiday rates weren’t low!');
  pair = $state('');
  asked = new Asked<TokenizeResult>();

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  tokenize(model: string): Promise<void> {
    const pair = this.pair.trim();
    return this.asked.run(() => this.#lab.tokenize({ model, text: this.text, ...(pair ? { pair } : {}) }));
  }
}

export interface SimilarityAnswer {
  sentences: string[];
  /** encoder cosines, n×n */
  encoder: (number | null)[][];
  /** cosines of mean word vectors in `run`, n×n (null: a sentence with no known word); null without a run */
  averaged: { run: string; matrix: (number | null)[][]; unknown: string[] } | null;
  provider: ProviderName;
}

export const MAX_SENTENCES = 8;

export class SimilarityPanel {
  readonly #lab: LabApi;
  text = $state(
    'I sat on the bank of the river.\nShe paid the cheque in at the bank.\nThe river overflowed its banks.\nThe bank raised its interest rates.',
  );
  wordRun = $state<string>('');
  asked = new Asked<SimilarityAnswer>();

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  compare(model: string, provider: ProviderSetting): Promise<void> {
    const sentences = splitSentences(this.text);
    if (sentences.length < 2) {
      this.asked.fail('Write at least two sentences, one per line.');
      return Promise.resolve();
    }
    if (sentences.length > MAX_SENTENCES) {
      this.asked.fail(`At most ${MAX_SENTENCES} sentences, one per line (got ${sentences.length}).`);
      return Promise.resolve();
    }
    const run = this.wordRun;
    return this.asked.run(async () => {
      const enc = await this.#lab.encode({ model, texts: sentences, provider });
      return {
        sentences,
        encoder: cosineMatrix(enc.vectors),
        averaged: run ? await this.#averaged(run, sentences) : null,
        provider: enc.provider,
      };
    });
  }

  /** the lecture's method: every pair's cosine of mean word vectors, from `sentenceSimilarity` */
  async #averaged(run: string, sentences: string[]): Promise<NonNullable<SimilarityAnswer['averaged']>> {
    const n = sentences.length;
    const matrix: (number | null)[][] = sentences.map((_, i) => sentences.map((__, j) => (i === j ? 1 : null)));
    const unknown: string[] = [];
    const pairs: [number, number][] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
    await Promise.all(
      pairs.map(async ([i, j]) => {
        try {
          const r = await this.#lab.sentenceSimilarity({ run, a: sentences[i], b: sentences[j] });
          matrix[i][j] = matrix[j][i] = r.score;
          unknown.push(...r.unknown);
        } catch {
          // a sentence with no word the run knows: no mean, no cosine
          matrix[i][j] = matrix[j][i] = null;
        }
      }),
    );
    return { run, matrix, unknown: unknown.filter((w, i) => unknown.indexOf(w) === i).sort() };
  }
}

export class AttentionPanel {
  readonly #lab: LabApi;
  text = $state('The bank of the river flooded.');
  layer = $state(0);
  head = $state(0);
  asked = new Asked<AttentionResult>();

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  /** keeps layer and head inside the model's range */
  bound(model: EncoderModelInfo): void {
    this.layer = clampInt(this.layer, 0, model.layers - 1);
    this.head = clampInt(this.head, 0, model.heads - 1);
  }

  show(model: EncoderModelInfo): Promise<void> {
    if (!model.hasAttentions) {
      this.asked.fail(`${model.name} was exported without attention outputs, so there are no weights to show.`);
      return Promise.resolve();
    }
    this.bound(model);
    const { layer, head } = this;
    return this.asked.run(() => this.#lab.attention({ model: model.name, text: this.text, layer, head }));
  }
}

function clampInt(x: number, lo: number, hi: number): number {
  const n = Number.isFinite(x) ? Math.round(x) : lo;
  return Math.min(hi, Math.max(lo, n));
}

export class ContextsPanel {
  readonly #lab: LabApi;
  corpus = $state('');
  word = $state('');
  staticRun = $state('');
  limit = $state(200);
  asked = new Asked<ContextCloud>();
  /** the occurrence under the pointer (or clicked), an index into the cloud's occurrences */
  focused = $state<number | null>(null);

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  show(model: string): Promise<void> {
    const word = this.word.trim();
    if (!this.corpus || !word) {
      this.asked.fail('Pick a corpus and type a word.');
      return Promise.resolve();
    }
    this.focused = null;
    const staticRun = this.staticRun || undefined;
    return this.asked.run(() =>
      this.#lab.contexts({ model, corpus: this.corpus, word, limit: this.limit, dims: 2, staticRun }),
    );
  }
}

export class CorpusEncodePanel {
  readonly #lab: LabApi;
  corpus = $state('');
  unit = $state<'sentence' | 'chunk'>('sentence');
  limit = $state(100_000);
  name = $state('');
  jobId = $state<string | null>(null);
  run = $state<string | null>(null);
  error = $state<string | null>(null);
  starting = $state(false);

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  /** a name nobody has taken: corpus-model-unit, numbered when taken */
  suggestName(model: string, taken: readonly string[]): string {
    const base = `${this.corpus || 'corpus'}-${model}-${this.unit}s`;
    let name = base;
    for (let i = 2; taken.includes(name); i++) name = `${base}-${i}`;
    return name;
  }

  async start(model: string, provider: ProviderSetting): Promise<void> {
    if (!this.corpus || !this.name.trim()) {
      this.error = 'Pick a corpus and name the run.';
      return;
    }
    this.starting = true;
    try {
      const { jobId, run } = await this.#lab.encodeCorpus({
        model,
        corpus: this.corpus,
        name: this.name.trim(),
        unit: this.unit,
        limit: this.limit,
        provider,
      });
      this.jobId = jobId;
      this.run = run;
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.starting = false;
    }
  }
}

export class SearchPanel {
  readonly #lab: LabApi;
  run = $state('');
  query = $state('');
  compareWith = $state('');
  k = $state(10);
  asked = new Asked<SemanticSearchResult>();

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  search(): Promise<void> {
    const query = this.query.trim();
    if (!this.run || !query) {
      this.asked.fail('Pick an encoded run and type a query.');
      return Promise.resolve();
    }
    const compareWith = this.compareWith || undefined;
    return this.asked.run(() => this.#lab.semanticSearch({ run: this.run, query, k: this.k, compareWith }));
  }
}

/** everything the Encoder view shows, kept while the app runs so a visit elsewhere loses nothing */
export class EncoderState {
  readonly models: EncoderModels;
  readonly tokenizer: TokenizerPanel;
  readonly similarity: SimilarityPanel;
  readonly attention: AttentionPanel;
  readonly contexts: ContextsPanel;
  readonly encode: CorpusEncodePanel;
  readonly search: SearchPanel;

  constructor(lab: LabApi) {
    this.models = new EncoderModels(lab);
    this.tokenizer = new TokenizerPanel(lab);
    this.similarity = new SimilarityPanel(lab);
    this.attention = new AttentionPanel(lab);
    this.contexts = new ContextsPanel(lab);
    this.encode = new CorpusEncodePanel(lab);
    this.search = new SearchPanel(lab);
  }
}

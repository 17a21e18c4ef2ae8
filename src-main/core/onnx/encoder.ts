// A BERT-family encoder run by onnxruntime: texts in, token vectors and pooled
// sentence vectors out, in padded batches with attention masks. Input and
// output names are read from the session, so BERT, DistilBERT (no token type
// ids) and sentence-transformers exports (token_embeddings) all fit.
import * as ort from 'onnxruntime-node';
import { EncoderFolderError, inspectEncoderFolder, type EncoderFolder, type Pooling } from './folder.ts';
import { EncoderTokenizer, type Tokenized } from './tokenizer.ts';
import { chooseProvider, sessionOptions, type ProviderName, type ProviderReport } from './providers.ts';

export interface EncodeOptions {
  /** second texts, one per text (sentence pairs with token type ids 1) */
  pairs?: (string | null)[];
  pooling?: Pooling;
  normalize?: boolean;
  /** keep each token's last hidden state */
  tokenVectors?: boolean;
  batchSize?: number;
  signal?: AbortSignal;
  onBatch?: (done: number, total: number) => void;
}

export interface Encoded {
  /** pooled vectors, one per text, hidden size each */
  vectors: Float32Array[];
  tokens: string[][];
  truncated: boolean[];
  /** per text, per token (with special tokens), when asked for */
  tokenVectors?: Float32Array[][];
}

const HIDDEN_NAMES = ['last_hidden_state', 'token_embeddings', 'hidden_states'];

export class Encoder {
  private constructor(
    readonly folder: EncoderFolder,
    readonly tokenizer: EncoderTokenizer,
    private readonly session: ort.InferenceSession,
    readonly provider: ProviderReport,
    private readonly hiddenName: string,
  ) {}

  /** checks the folder, starts a session on the chosen provider and checks its inputs and outputs */
  static async open(dir: string, opts: { provider?: ProviderName | 'auto' } = {}): Promise<Encoder> {
    const folder = inspectEncoderFolder(dir);
    const tokenizer = EncoderTokenizer.fromFolder(dir, folder.tokenizerFile, folder.maxLength);
    const provider = await chooseProvider(opts.provider);
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(folder.modelPath, sessionOptions(provider.chosen));
    } catch (err) {
      throw new EncoderFolderError(
        `${folder.modelPath}: onnxruntime cannot load it (${(err as Error).message.split('\n')[0]})`,
      );
    }
    try {
      return new Encoder(folder, tokenizer, session, provider, checkSignature(folder, session));
    } catch (err) {
      await session.release();
      throw err;
    }
  }

  get hasAttentions(): boolean {
    return attentionLayout(this.session.outputNames, this.folder.layers) !== null;
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  tokenize(text: string, pair: string | null = null): Tokenized {
    return this.tokenizer.encode(text, pair);
  }

  async encode(texts: string[], opts: EncodeOptions = {}): Promise<Encoded> {
    const pooling = opts.pooling ?? this.folder.pooling;
    const normalize = opts.normalize ?? this.folder.normalize;
    const encoded = texts.map((t, i) => this.tokenizer.encode(t, opts.pairs?.[i] ?? null));
    // similar lengths batched together waste less on padding
    const order = encoded.map((_, i) => i).sort((a, b) => encoded[a].ids.length - encoded[b].ids.length);
    const batchSize = opts.batchSize ?? 32;
    const vectors = new Array<Float32Array>(texts.length);
    const tokenVectors = opts.tokenVectors ? new Array<Float32Array[]>(texts.length) : undefined;
    for (let start = 0; start < order.length; start += batchSize) {
      opts.signal?.throwIfAborted();
      const batch = order.slice(start, start + batchSize);
      const { hidden, seq } = await this.forward(batch.map((i) => encoded[i]));
      batch.forEach((textIndex, row) => {
        const n = encoded[textIndex].ids.length;
        vectors[textIndex] = pool(hidden, row, seq, n, this.folder.hiddenSize, pooling, normalize);
        if (tokenVectors) tokenVectors[textIndex] = tokenRows(hidden, row, seq, n, this.folder.hiddenSize);
      });
      opts.onBatch?.(Math.min(start + batchSize, order.length), order.length);
    }
    return {
      vectors,
      tokens: encoded.map((e) => e.tokens),
      truncated: encoded.map((e) => e.truncated),
      ...(tokenVectors ? { tokenVectors } : {}),
    };
  }

  /** one layer's and head's attention weights for a text (rows: from token, columns: to token) */
  async attention(
    text: string,
    pair: string | null,
    layer: number,
    head: number,
  ): Promise<{ tokens: string[]; weights: number[][] }> {
    const { layers, heads } = this.folder;
    if (!Number.isInteger(layer) || layer < 0 || layer >= layers) {
      throw new EncoderFolderError(`layer ${layer} is out of range: this model has layers 0 to ${layers - 1}`);
    }
    if (!Number.isInteger(head) || head < 0 || head >= heads) {
      throw new EncoderFolderError(`head ${head} is out of range: this model has heads 0 to ${heads - 1}`);
    }
    const layout = attentionLayout(this.session.outputNames, layers);
    if (!layout) {
      throw new EncoderFolderError(
        `${this.folder.modelPath}: this export has no attention outputs (outputs: ${this.session.outputNames.join(', ')}); re-export with output_attentions`,
      );
    }
    const enc = this.tokenizer.encode(text, pair);
    const out = await this.session.run(this.feeds([enc], enc.ids.length));
    const n = enc.ids.length;
    const name = layout.kind === 'stacked' ? layout.name : layout.names[layer];
    const data = out[name].data as Float32Array;
    // stacked: [layers, batch 1, heads, n, n]; per layer: [batch 1, heads, n, n]
    const base = ((layout.kind === 'stacked' ? layer * heads : 0) + head) * n * n;
    const weights = Array.from({ length: n }, (_, r) => Array.from(data.subarray(base + r * n, base + (r + 1) * n)));
    return { tokens: enc.tokens, weights };
  }

  private async forward(batch: Tokenized[]): Promise<{ hidden: Float32Array; seq: number }> {
    const seq = Math.max(...batch.map((e) => e.ids.length));
    const out = await this.session.run(this.feeds(batch, seq), [this.hiddenName]);
    return { hidden: out[this.hiddenName].data as Float32Array, seq };
  }

  /** input_ids, attention_mask and token_type_ids as the session names them, right-padded to `seq` */
  private feeds(batch: Tokenized[], seq: number): Record<string, ort.Tensor> {
    const ids = new BigInt64Array(batch.length * seq).fill(BigInt(this.tokenizer.padId));
    const mask = new BigInt64Array(batch.length * seq);
    const types = new BigInt64Array(batch.length * seq);
    batch.forEach((e, r) => {
      for (let t = 0; t < e.ids.length; t++) {
        ids[r * seq + t] = BigInt(e.ids[t]);
        mask[r * seq + t] = 1n;
        types[r * seq + t] = BigInt(e.tokenTypeIds[t]);
      }
    });
    const dims = [batch.length, seq];
    const all: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', ids, dims),
      attention_mask: new ort.Tensor('int64', mask, dims),
      token_type_ids: new ort.Tensor('int64', types, dims),
    };
    return Object.fromEntries(this.session.inputNames.map((n) => [n, all[n]]));
  }
}

/** the output holding the token vectors; throws naming what the session has when it does not fit */
function checkSignature(folder: EncoderFolder, session: ort.InferenceSession): string {
  const known = new Set(['input_ids', 'attention_mask', 'token_type_ids']);
  const unknown = session.inputNames.filter((n) => !known.has(n));
  if (!session.inputNames.includes('input_ids') || unknown.length) {
    throw new EncoderFolderError(
      `${folder.modelPath}: inputs ${session.inputNames.join(', ')} do not fit a BERT-family encoder` +
        ` (expected input_ids, attention_mask and optionally token_type_ids${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''})`,
    );
  }
  const hidden = HIDDEN_NAMES.find((n) => session.outputNames.includes(n));
  if (!hidden) {
    throw new EncoderFolderError(
      `${folder.modelPath}: no token-vector output (looked for ${HIDDEN_NAMES.join(', ')}; it has ${session.outputNames.join(', ')})`,
    );
  }
  return hidden;
}

type AttentionLayout = { kind: 'stacked'; name: string } | { kind: 'per-layer'; names: string[] };

/** `attentions` stacked over layers, or one output per layer (`attentions.0`, `attentions_0`, ...) */
function attentionLayout(outputs: readonly string[], layers: number): AttentionLayout | null {
  if (outputs.includes('attentions')) return { kind: 'stacked', name: 'attentions' };
  const names = Array.from({ length: layers }, (_, l) =>
    outputs.find((o) => new RegExp(`^attentions?[._]${l}$`).test(o)),
  );
  return names.every((n) => n !== undefined) ? { kind: 'per-layer', names: names as string[] } : null;
}

/** mean over the text's tokens (mask 1, special tokens included, as sentence-transformers does) or the CLS row */
export function pool(
  hidden: Float32Array,
  row: number,
  seq: number,
  n: number,
  dim: number,
  pooling: Pooling,
  normalize: boolean,
): Float32Array {
  const base = row * seq * dim;
  const out = new Float32Array(dim);
  if (pooling === 'cls') {
    out.set(hidden.subarray(base, base + dim));
  } else {
    const sum = new Float64Array(dim);
    for (let t = 0; t < n; t++) {
      const at = base + t * dim;
      for (let d = 0; d < dim; d++) sum[d] += hidden[at + d];
    }
    for (let d = 0; d < dim; d++) out[d] = sum[d] / n;
  }
  if (normalize) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += out[d] * out[d];
    norm = Math.sqrt(norm);
    // sentence-transformers' Normalize divides by max(norm, 1e-12)
    for (let d = 0; d < dim; d++) out[d] /= Math.max(norm, 1e-12);
  }
  return out;
}

function tokenRows(hidden: Float32Array, row: number, seq: number, n: number, dim: number): Float32Array[] {
  const base = row * seq * dim;
  return Array.from({ length: n }, (_, t) => hidden.slice(base + t * dim, base + (t + 1) * dim));
}

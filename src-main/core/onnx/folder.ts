// An encoder folder in the Hugging Face layout: model.onnx (or onnx/model.onnx),
// config.json, tokenizer.json or vocab.txt, and for sentence-transformers
// exports modules.json, 1_Pooling/config.json and sentence_bert_config.json.
// Everything the encoder needs (sizes, pooling, maximum length, special tokens)
// comes from these files, never from assumptions about one model.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export class EncoderFolderError extends Error {
  override name = 'EncoderFolderError';
}

export type Pooling = 'mean' | 'cls';

export interface EncoderFolder {
  dir: string;
  modelPath: string;
  modelType: string;
  hiddenSize: number;
  layers: number;
  heads: number;
  /** tokens per text including special tokens */
  maxLength: number;
  /** where maxLength came from, for the user */
  maxLengthFrom: string;
  pooling: Pooling;
  poolingFrom: string;
  /** a sentence-transformers Normalize module follows the pooling */
  normalize: boolean;
  tokenizerFile: 'tokenizer.json' | 'vocab.txt';
}

const MODEL_PATHS = ['model.onnx', join('onnx', 'model.onnx')];
/** tokenizer_config.json writes this for "no limit" (int(1e30)); it is not a real length */
const NO_LIMIT = 1e9;

/** reads and checks an encoder folder; throws EncoderFolderError naming the file and what is wrong */
export function inspectEncoderFolder(dir: string): EncoderFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new EncoderFolderError(`${dir}: not a folder`);
  const modelPath = MODEL_PATHS.map((p) => join(dir, p)).find((p) => existsSync(p));
  if (!modelPath) {
    throw new EncoderFolderError(
      `${dir}: no model.onnx (looked for ${MODEL_PATHS.join(' and ')}); export the model to ONNX first`,
    );
  }
  const config = readJson(dir, 'config.json', true)!;
  const tokenizerFile = existsSync(join(dir, 'tokenizer.json')) ? 'tokenizer.json' : 'vocab.txt';
  if (tokenizerFile === 'vocab.txt' && !existsSync(join(dir, 'vocab.txt'))) {
    throw new EncoderFolderError(`${dir}: no tokenizer.json or vocab.txt; the encoder cannot tokenize without one`);
  }
  const sizes = modelSizes(dir, config);
  return {
    dir,
    modelPath,
    modelType: typeof config.model_type === 'string' ? config.model_type : 'unknown',
    ...sizes,
    ...maxLength(dir, config),
    ...pooling(dir),
    tokenizerFile,
  };
}

type Json = Record<string, unknown>;

/** a JSON file of the folder; null when optional and absent */
export function readJson(dir: string, name: string, required = false): Json | null {
  const path = join(dir, name);
  if (!existsSync(path)) {
    if (required) throw new EncoderFolderError(`${dir}: ${name} is missing`);
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new EncoderFolderError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new EncoderFolderError(`${path}: expected a JSON object`);
  }
  return value as Json;
}

/** hidden size, layers and heads under the names BERT, DistilBERT and MPNet configs use */
function modelSizes(dir: string, config: Json): { hiddenSize: number; layers: number; heads: number } {
  const pick = (field: string, ...names: string[]): number => {
    for (const n of names) {
      const v = config[n];
      if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
    }
    throw new EncoderFolderError(`${join(dir, 'config.json')}: no ${field} (looked for ${names.join(', ')})`);
  };
  return {
    hiddenSize: pick('hidden size', 'hidden_size', 'dim', 'd_model'),
    layers: pick('number of layers', 'num_hidden_layers', 'n_layers', 'num_layers'),
    heads: pick('number of attention heads', 'num_attention_heads', 'n_heads'),
  };
}

/** sentence_bert_config.json's max_seq_length wins, then the tokenizer's, then the model's positions */
function maxLength(dir: string, config: Json): { maxLength: number; maxLengthFrom: string } {
  const candidates: [unknown, string][] = [
    [readJson(dir, 'sentence_bert_config.json')?.max_seq_length, 'sentence_bert_config.json max_seq_length'],
    [readJson(dir, 'tokenizer_config.json')?.model_max_length, 'tokenizer_config.json model_max_length'],
    [config.max_position_embeddings, 'config.json max_position_embeddings'],
  ];
  for (const [value, from] of candidates) {
    if (typeof value === 'number' && value >= 2 && value < NO_LIMIT)
      return { maxLength: Math.floor(value), maxLengthFrom: from };
  }
  return { maxLength: 512, maxLengthFrom: 'default (no length in the folder)' };
}

/** the sentence-transformers pooling module if there is one, else mean pooling */
function pooling(dir: string): { pooling: Pooling; poolingFrom: string; normalize: boolean } {
  const modules = readModules(dir);
  const poolPath = modules.find((m) => m.type.endsWith('.Pooling'))?.path ?? '1_Pooling';
  const normalize = modules.some((m) => m.type.endsWith('.Normalize'));
  const file = join(poolPath, 'config.json');
  const cfg = readJson(dir, file);
  if (!cfg) return { pooling: 'mean', poolingFrom: 'default (no sentence-transformers pooling config)', normalize };
  if (cfg.pooling_mode_cls_token === true) return { pooling: 'cls', poolingFrom: file, normalize };
  if (cfg.pooling_mode_mean_tokens === true) return { pooling: 'mean', poolingFrom: file, normalize };
  const modes = Object.keys(cfg).filter((k) => k.startsWith('pooling_mode_') && cfg[k] === true);
  throw new EncoderFolderError(
    `${join(dir, file)}: pooling ${modes.join(', ') || '(none set)'} is not supported; mean or CLS pooling is`,
  );
}

function readModules(dir: string): { type: string; path: string }[] {
  const path = join(dir, 'modules.json');
  if (!existsSync(path)) return [];
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new EncoderFolderError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(list)) throw new EncoderFolderError(`${path}: expected a list of modules`);
  return list
    .filter((m): m is { type: string; path?: string } => !!m && typeof (m as { type?: unknown }).type === 'string')
    .map((m) => ({ type: m.type, path: typeof m.path === 'string' ? m.path : '' }));
}

// The training methods the form offers and how each knob is shown: label, one
// line of help, group. Which knobs a method has, their defaults and their
// ranges all come from the contract (methodParams, methodDefaults,
// trainParamsSchema); nothing here repeats them.
import {
  methodDefaults,
  methodParams,
  trainParamsSchema,
  type TrainMethod,
  type TrainParams,
} from '../../../src-preload/contract.ts';
import { integer, param } from './format.ts';

export type Knob = keyof TrainParams;
/** what a form field holds: numbers (null while empty), hs, GloVe's model */
export type KnobValue = number | boolean | string | null;

export interface MethodSpec {
  id: TrainMethod;
  label: string;
  summary: string;
  /** the tool whose defaults the method follows, as help text names it */
  tool: string;
}

export const METHODS: readonly MethodSpec[] = [
  {
    id: 'sgns',
    label: 'Skip-gram (word2vec)',
    summary: 'Learns vectors by predicting the words around each word.',
    tool: 'gensim',
  },
  {
    id: 'cbow',
    label: 'CBOW (word2vec)',
    summary: 'Predicts each word from the mean of its context; faster than skip-gram.',
    tool: 'gensim',
  },
  {
    id: 'fasttext',
    label: 'FastText (subwords)',
    summary: 'Skip-gram over words and their character n-grams; unseen words get vectors too.',
    tool: 'fastText',
  },
  {
    id: 'glove',
    label: 'GloVe',
    summary: 'Fits vectors to the log co-occurrence counts by weighted least squares.',
    tool: 'GloVe',
  },
];

export function methodSpec(id: string): MethodSpec | undefined {
  return METHODS.find((m) => m.id === id);
}

export function isTrainMethod(id: string): id is TrainMethod {
  return METHODS.some((m) => m.id === id);
}

export const GROUPS = ['Model', 'Subwords', 'GloVe', 'Vocabulary', 'Optimisation', 'Reliability'] as const;
export type Group = (typeof GROUPS)[number];

const isGlove = (m: TrainMethod) => m === 'glove';
const notGlove = (m: TrainMethod) => m !== 'glove';

/** where each knob sits, in order; `alpha` means two things, so it has two places */
const LAYOUT: readonly { group: Group; key: Knob; when?: (m: TrainMethod) => boolean }[] = [
  { group: 'Model', key: 'dim' },
  { group: 'Model', key: 'window' },
  { group: 'Model', key: 'negative' },
  { group: 'Model', key: 'hs' },
  { group: 'Subwords', key: 'minn' },
  { group: 'Subwords', key: 'maxn' },
  { group: 'Subwords', key: 'bucket' },
  { group: 'GloVe', key: 'xMax' },
  { group: 'GloVe', key: 'alpha', when: isGlove },
  { group: 'GloVe', key: 'eta' },
  { group: 'GloVe', key: 'model' },
  { group: 'Vocabulary', key: 'minCount' },
  { group: 'Vocabulary', key: 'maxVocab' },
  { group: 'Vocabulary', key: 'sample' },
  { group: 'Optimisation', key: 'epochs' },
  { group: 'Optimisation', key: 'alpha', when: notGlove },
  { group: 'Optimisation', key: 'minAlpha' },
  { group: 'Optimisation', key: 'nsExponent' },
  { group: 'Optimisation', key: 'threads' },
  { group: 'Optimisation', key: 'seed' },
  { group: 'Optimisation', key: 'graphProvider' },
  { group: 'Reliability', key: 'checkpointEvery' },
];

interface Text {
  label: string;
  help: string;
}

/** label and what the knob does, for one method */
function text(method: TrainMethod, key: Knob): Text {
  const glove = method === 'glove';
  switch (key) {
    case 'dim':
      return { label: 'Dimensions', help: 'Length of each word vector.' };
    case 'window':
      return glove
        ? { label: 'Window', help: 'Words each side, weighted 1/distance.' }
        : { label: 'Window', help: 'Max distance to a context word.' };
    case 'negative':
      return { label: 'Negative samples', help: 'Noise words per real pair; 0 = none.' };
    case 'hs':
      return { label: 'Hierarchical softmax', help: 'Huffman tree, with or without negatives.' };
    case 'minn':
      return { label: 'Min n-gram', help: 'Shortest character n-gram.' };
    case 'maxn':
      return { label: 'Max n-gram', help: 'Longest n-gram; 0 = no subwords.' };
    case 'bucket':
      return { label: 'Buckets', help: 'Hash rows shared by all n-grams.' };
    case 'xMax':
      return { label: 'x_max', help: 'Count at which a pair gets full weight.' };
    case 'eta':
      return { label: 'Learning rate (eta)', help: "AdaGrad's initial step." };
    case 'model':
      return { label: 'Output vectors', help: 'sum = W + W̃; word = W alone.' };
    case 'minCount':
      return { label: 'Min count', help: 'Rarer words are left out.' };
    case 'maxVocab':
      return { label: 'Max vocabulary', help: 'Top N words only; empty = no cap.' };
    case 'sample':
      return { label: 'Sample', help: 'Thins very frequent words; 0 = off.' };
    case 'epochs':
      return glove
        ? { label: 'Iterations', help: 'Passes over the co-occurrences.' }
        : { label: 'Epochs', help: 'Passes over the corpus.' };
    case 'alpha':
      return glove
        ? { label: 'Weighting exponent', help: 'Exponent of the weight (x/x_max)^α.' }
        : { label: 'Learning rate', help: 'Starting rate; decays linearly.' };
    case 'minAlpha':
      return { label: 'Min learning rate', help: 'Learning rate at the very end.' };
    case 'nsExponent':
      return { label: 'NS exponent', help: 'Negatives ∝ count^this; 0 = uniform.' };
    case 'threads':
      return { label: 'Threads', help: '1 + fixed seed: bit-identical runs.' };
    case 'seed':
      return { label: 'Seed', help: 'Random seed for init and sampling.' };
    case 'checkpointEvery':
      return { label: 'Checkpoint every (s)', help: 'Saves to resume from, every N s; 0 = off.' };
    case 'graphProvider':
      return { label: 'ONNX graph on', help: 'off = CPU kernel; auto = a GPU if any, else off.' };
  }
}

export interface KnobSpec {
  key: Knob;
  group: Group;
  label: string;
  /** what it does, then the tool's default: "Length of each word vector. gensim default: 100" */
  help: string;
  kind: 'number' | 'boolean' | 'choice';
  /** an empty field means null (no cap) */
  nullable: boolean;
  integer: boolean;
  min?: number;
  max?: number;
  options?: readonly string[];
}

type Schema = (typeof trainParamsSchema.shape)[Knob];

/** the schema of one knob without its optional/nullable wrappers */
function inner(key: Knob): { schema: { def: { type: string } }; nullable: boolean } {
  let s = trainParamsSchema.shape[key] as unknown as { def: { type: string; innerType?: unknown } };
  let nullable = false;
  while (s.def.innerType) {
    if (s.def.type === 'nullable') nullable = true;
    s = s.def.innerType as typeof s;
  }
  return { schema: s, nullable };
}

/** the form's value for a contract value (null stays null: "no cap") */
export function defaultValue(method: TrainMethod, key: Knob): KnobValue {
  const v = methodDefaults[method][key];
  return v === undefined ? null : v;
}

function showDefault(v: KnobValue, kind: KnobSpec['kind']): string {
  if (v === null) return 'none';
  if (kind === 'boolean') return v ? 'on' : 'off';
  if (typeof v === 'number' && Number.isInteger(v) && v >= 10_000) return integer(v);
  return param(v);
}

export function knobSpec(method: TrainMethod, key: Knob): KnobSpec {
  const place = LAYOUT.find((l) => l.key === key && (!l.when || l.when(method)));
  const { schema, nullable } = inner(key);
  const t = text(method, key);
  const tool = methodSpec(method)?.tool ?? method;
  const base = { key, group: place?.group ?? 'Optimisation', label: t.label, nullable, integer: false };
  let spec: KnobSpec;
  if (schema.def.type === 'boolean') spec = { ...base, kind: 'boolean', help: '' };
  else if (schema.def.type === 'enum') {
    const options = (schema as unknown as { options: string[] }).options;
    spec = { ...base, kind: 'choice', options, help: '' };
  } else {
    const n = schema as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
    spec = {
      ...base,
      kind: 'number',
      integer: n.isInt,
      min: n.minValue != null && Number.isFinite(n.minValue) ? n.minValue : undefined,
      max: n.maxValue != null && Number.isFinite(n.maxValue) ? n.maxValue : undefined,
      help: '',
    };
  }
  spec.help = `${t.help} ${tool} default: ${showDefault(defaultValue(method, key), spec.kind)}`;
  return spec;
}

export interface KnobGroup {
  title: Group;
  knobs: KnobSpec[];
}

/** the method's knobs (exactly methodParams[method]) in their groups, in form order */
export function formGroups(method: TrainMethod): KnobGroup[] {
  const own = new Set<Knob>(methodParams[method]);
  const groups: KnobGroup[] = [];
  for (const title of GROUPS) {
    const knobs = LAYOUT.filter((l) => l.group === title && own.has(l.key) && (!l.when || l.when(method))).map((l) =>
      knobSpec(method, l.key),
    );
    if (knobs.length > 0) groups.push({ title, knobs });
  }
  return groups;
}

/**
 * Checks one field before anything is sent: empty, not a number, or out of
 * the contract's range. The message names the field; the host checks again
 * (and more: minn ≤ maxn, min-count against the corpus), its message shown verbatim.
 */
export function checkKnob(spec: KnobSpec, value: KnobValue): string | null {
  if (spec.kind === 'boolean') return typeof value === 'boolean' ? null : `${spec.label}: choose on or off.`;
  if (spec.kind === 'choice')
    return typeof value === 'string' && spec.options?.includes(value)
      ? null
      : `${spec.label}: choose one of ${spec.options?.join(', ')}.`;
  if (value === null || value === '') return spec.nullable ? null : `${spec.label}: enter a number.`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${spec.label}: enter a number.`;
  const parsed = (trainParamsSchema.shape[spec.key] as Schema).safeParse(value);
  if (parsed.success) return null;
  return `${spec.label}: ${problem(parsed.error.issues[0])}.`;
}

interface Issue {
  code: string;
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  expected?: string;
}

function problem(issue: Issue): string {
  if (issue.code === 'too_small')
    return issue.inclusive ? `must be at least ${issue.minimum}` : `must be more than ${issue.minimum}`;
  if (issue.code === 'too_big')
    return issue.inclusive ? `must be at most ${issue.maximum}` : `must be less than ${issue.maximum}`;
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'must be a whole number';
  return issue.message;
}

/**
 * The params to send: every knob of the method and nothing else, or the
 * first field that is obviously wrong.
 */
export function collectParams(
  method: TrainMethod,
  value: (key: Knob) => KnobValue,
): { params: Partial<TrainParams> } | { error: string; key: Knob } {
  const params: Record<string, KnobValue> = {};
  for (const group of formGroups(method)) {
    for (const spec of group.knobs) {
      const v = value(spec.key);
      const error = checkKnob(spec, v);
      if (error) return { error, key: spec.key };
      params[spec.key] = v === '' ? null : v;
    }
  }
  return { params: params as Partial<TrainParams> };
}

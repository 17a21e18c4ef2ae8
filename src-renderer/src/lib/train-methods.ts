// The training methods the form knows, and each one's parameters with defaults
// and help. A new method is one entry here (and one in the contract's enum).

export interface ParamSpec {
  key: string;
  label: string;
  help: string;
  default: number;
  min?: number;
  max?: number;
  step?: number | 'any';
  integer?: boolean;
}

export interface ParamGroup {
  title: string;
  params: ParamSpec[];
}

export interface MethodSpec {
  id: string;
  label: string;
  summary: string;
  /** false: shown in the list, not selectable yet */
  available: boolean;
  groups: ParamGroup[];
}

const SGNS: ParamGroup[] = [
  {
    title: 'Model',
    params: [
      {
        key: 'dim',
        label: 'Dimensions',
        help: 'Length of each word vector.',
        default: 100,
        min: 1,
        max: 2000,
        integer: true,
      },
      {
        key: 'window',
        label: 'Window',
        help: 'Max distance to a context word.',
        default: 5,
        min: 1,
        max: 100,
        integer: true,
      },
      {
        key: 'negative',
        label: 'Negative samples',
        help: 'Noise words per real pair.',
        default: 5,
        min: 0,
        max: 100,
        integer: true,
      },
    ],
  },
  {
    title: 'Vocabulary',
    params: [
      {
        key: 'minCount',
        label: 'Min count',
        help: 'Rarer words are left out.',
        default: 5,
        min: 1,
        integer: true,
      },
      {
        key: 'sample',
        label: 'Sample',
        help: 'Thins frequent words; 0 = off.',
        default: 1e-3,
        min: 0,
        max: 1,
        step: 'any',
      },
    ],
  },
  {
    title: 'Optimisation',
    params: [
      { key: 'epochs', label: 'Epochs', help: 'Passes over the corpus.', default: 5, min: 1, max: 1000, integer: true },
      {
        key: 'alpha',
        label: 'Learning rate',
        help: 'Alpha at the start; decays linearly.',
        default: 0.025,
        min: 0,
        max: 10,
        step: 'any',
      },
      {
        key: 'minAlpha',
        label: 'Min alpha',
        help: 'Alpha at the end.',
        default: 0.0001,
        min: 0,
        max: 10,
        step: 'any',
      },
      {
        key: 'threads',
        label: 'Threads',
        help: '1 thread + fixed seed: bit-identical.',
        default: 2,
        min: 1,
        max: 256,
        integer: true,
      },
      { key: 'seed', label: 'Seed', help: 'Random seed.', default: 1, min: 0, integer: true },
    ],
  },
];

export const METHODS: MethodSpec[] = [
  {
    id: 'sgns',
    label: 'Skip-gram (word2vec, negative sampling)',
    summary: 'Learns vectors by predicting the words around each word.',
    available: true,
    groups: SGNS,
  },
  { id: 'cbow', label: 'CBOW (word2vec)', summary: 'Predicts a word from its context.', available: false, groups: [] },
  { id: 'fasttext', label: 'FastText (subwords)', summary: 'Adds character n-grams.', available: false, groups: [] },
  { id: 'glove', label: 'GloVe', summary: 'Factorises the co-occurrence matrix.', available: false, groups: [] },
];

export function methodSpec(id: string): MethodSpec | undefined {
  return METHODS.find((m) => m.id === id);
}

export function defaults(spec: MethodSpec): Record<string, number> {
  const out: Record<string, number> = {};
  for (const g of spec.groups) for (const p of g.params) out[p.key] = p.default;
  return out;
}

/**
 * Collects the form's values; an empty field is the only problem caught here.
 * Ranges are the host's to check, so its message (naming the field) shows verbatim.
 */
export function collectParams(
  spec: MethodSpec,
  values: Record<string, number | null | undefined>,
): { params: Record<string, number> } | { error: string } {
  const params: Record<string, number> = {};
  for (const g of spec.groups) {
    for (const p of g.params) {
      const v = values[p.key];
      if (v == null || typeof v !== 'number' || !Number.isFinite(v)) return { error: `${p.label}: enter a number.` };
      params[p.key] = v;
    }
  }
  return { params };
}

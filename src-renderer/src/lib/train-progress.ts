// How a training job's progress reads for its method: GloVe works in phases
// (counting co-occurrences, shuffling, training) and reports them in
// `progress.message` as "phase: unit"; its epochs are iterations and the rate
// it reports as alpha is its learning rate, eta.

export interface PhaseInfo {
  /** "Counting co-occurrences"; the message verbatim when it is not a known phase */
  label: string;
  /** what done/total count in this phase (tokens, records), when the message says */
  unit: string | null;
  /** 1-based step and how many there are, for known phases */
  step: number | null;
  steps: number | null;
}

const GLOVE_PHASES: Record<string, string> = {
  cooccur: 'Counting co-occurrences',
  shuffle: 'Shuffling co-occurrences',
  train: 'Training',
};
const GLOVE_ORDER = Object.keys(GLOVE_PHASES);

export function describePhase(message: string | null | undefined): PhaseInfo | null {
  const text = message?.trim();
  if (!text) return null;
  const m = /^(\w+):\s*(\w+)$/.exec(text);
  if (m && Object.hasOwn(GLOVE_PHASES, m[1])) {
    return {
      label: GLOVE_PHASES[m[1]],
      unit: m[2],
      step: GLOVE_ORDER.indexOf(m[1]) + 1,
      steps: GLOVE_ORDER.length,
    };
  }
  return { label: text, unit: null, step: null, steps: null };
}

/** the names a method gives its passes and its step size */
export function progressLabels(method: string | null | undefined): { epoch: string; alpha: string } {
  return method === 'glove' ? { epoch: 'iteration', alpha: 'eta' } : { epoch: 'epoch', alpha: 'alpha' };
}

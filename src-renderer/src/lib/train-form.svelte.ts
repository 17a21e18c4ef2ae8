// The training form's state: the method and its knobs. Knobs start at the
// method's defaults; switching method moves every knob the user did not touch
// to the new method's default and keeps the ones they edited.
import { SvelteSet } from 'svelte/reactivity';
import { methodParams, type TrainMethod, type TrainParams } from '../../../src-preload/contract.ts';
import { parseWatchWords } from './train-watch.ts';
import { collectParams, defaultValue, formGroups, type Knob, type KnobValue } from './train-methods.ts';

/**
 * Where a knob's value is kept. GloVe's `alpha` is its weighting exponent,
 * not a learning rate, so it gets a slot of its own: a learning rate typed
 * for skip-gram never becomes GloVe's exponent, and comes back on return.
 */
function slot(method: TrainMethod, key: Knob): string {
  return method === 'glove' && key === 'alpha' ? 'glove.alpha' : key;
}

export class TrainFormState {
  method: TrainMethod = $state('sgns');
  #values: Record<string, KnobValue> = $state({});
  readonly #touched = new SvelteSet<string>();
  readonly groups = $derived(formGroups(this.method));
  /** watch the space while it trains (a map and the watched words' neighbours after each epoch) */
  watchOn = $state(true);
  /** the words to watch as typed; empty: the service picks a few frequent content words */
  watchWords = $state('');

  constructor(method: TrainMethod = 'sgns') {
    this.method = method;
    this.#fill(method);
  }

  get(key: Knob): KnobValue {
    return this.#values[slot(this.method, key)] ?? null;
  }

  /** a value the user typed or picked: it stays across method switches */
  set(key: Knob, value: KnobValue): void {
    const s = slot(this.method, key);
    this.#values[s] = value;
    this.#touched.add(s);
  }

  touched(key: Knob): boolean {
    return this.#touched.has(slot(this.method, key));
  }

  setMethod(method: TrainMethod): void {
    if (method === this.method) return;
    this.method = method;
    this.#fill(method);
  }

  /** every knob back to the current method's default; nothing counts as edited any more */
  reset(): void {
    this.#touched.clear();
    this.#fill(this.method);
  }

  /** exactly the method's knobs, or the first field that is obviously wrong */
  collect(): { params: Partial<TrainParams> } | { error: string; key: Knob } {
    return collectParams(this.method, (key) => this.get(key));
  }

  /** the `watch` argument of the train request; undefined when watching is off */
  watchArg(): { words: string[] } | undefined {
    return this.watchOn ? { words: parseWatchWords(this.watchWords) } : undefined;
  }

  /** the method's defaults for every knob not edited by the user */
  #fill(method: TrainMethod): void {
    for (const key of methodParams[method]) {
      const s = slot(method, key);
      if (!this.#touched.has(s)) this.#values[s] = defaultValue(method, key);
    }
  }
}

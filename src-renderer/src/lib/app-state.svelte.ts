// Which view is showing, mirrored in the address bar's hash (#corpora, #training, #explore, #evaluate, #compare, #lessons, #encoder).
import type { Unsubscribe } from '../../../src-preload/contract.ts';

export const VIEWS = ['corpora', 'training', 'explore', 'evaluate', 'compare', 'lessons', 'encoder'] as const;
export type View = (typeof VIEWS)[number];

export function parseView(hash: string): View | null {
  const name = hash.replace(/^#\/?/, '');
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : null;
}

export class Navigation {
  view = $state<View>('corpora');
  /** a run the Explore view should open (set by "Explore" buttons elsewhere) */
  exploreRun = $state<string | null>(null);
  /** a run the Evaluate view should open */
  evaluateRun = $state<string | null>(null);
  /** a corpus the Training view should preselect */
  trainCorpus = $state<string | null>(null);

  constructor(hash = '') {
    this.view = parseView(hash) ?? 'corpora';
  }

  go(view: View): void {
    this.view = view;
    if (typeof location !== 'undefined' && location.hash !== `#${view}`)
      history.replaceState(history.state, '', `#${view}`);
  }

  /** follows back/forward and hand-edited hashes */
  watchHash(): Unsubscribe {
    const onHash = () => {
      const v = parseView(location.hash);
      if (v) this.view = v;
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }
}

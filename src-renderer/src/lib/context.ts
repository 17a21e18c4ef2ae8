// The stores every view shares, handed down by App through Svelte's context.
import { getContext, setContext } from 'svelte';
import type { LabApi } from '../../../src-preload/contract.ts';
import type { Host } from './api.ts';
import type { Navigation } from './app-state.svelte.ts';
import type { CorporaStore } from './corpora.svelte.ts';
import type { EvalStore } from './evaluate.svelte.ts';
import type { ExploreStore } from './explore.svelte.ts';
import type { JobsStore } from './jobs.svelte.ts';
import type { RunsStore } from './runs.svelte.ts';
import type { Theme } from './theme.svelte.ts';
import type { TrainFormState } from './train-form.svelte.ts';

export interface AppContext {
  host: Host;
  lab: LabApi;
  jobs: JobsStore;
  runs: RunsStore;
  corpora: CorporaStore;
  explore: ExploreStore;
  evaluate: EvalStore;
  /** the training form's method and knobs, kept while the user visits other views */
  trainForm: TrainFormState;
  nav: Navigation;
  theme: Theme;
}

const KEY = Symbol('embedding-lab');

export function provideApp(ctx: AppContext): void {
  setContext(KEY, ctx);
}

export function useApp(): AppContext {
  const ctx = getContext<AppContext | undefined>(KEY);
  if (!ctx) throw new Error('useApp() outside <App>');
  return ctx;
}

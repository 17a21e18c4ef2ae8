// Light or dark: the system's preference until the user picks one (kept in localStorage).
import type { Unsubscribe } from '../../../src-preload/contract.ts';

export type ThemeName = 'light' | 'dark';

const KEY = 'embedlab.theme';

export class Theme {
  /** the user's choice; null follows the system */
  choice = $state<ThemeName | null>(null);
  system = $state<ThemeName>('light');
  readonly current: ThemeName = $derived(this.choice ?? this.system);
  readonly #storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;

  constructor(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = safeLocalStorage()) {
    this.#storage = storage;
    const saved = read(storage);
    if (saved === 'light' || saved === 'dark') this.choice = saved;
  }

  /** follows prefers-color-scheme; call the result to stop */
  watchSystem(
    media: MediaQueryList | null = globalThis.matchMedia?.('(prefers-color-scheme: dark)') ?? null,
  ): Unsubscribe {
    if (!media) return () => {};
    this.system = media.matches ? 'dark' : 'light';
    const onChange = (e: MediaQueryListEvent) => (this.system = e.matches ? 'dark' : 'light');
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }

  toggle(): void {
    const next: ThemeName = this.current === 'dark' ? 'light' : 'dark';
    // choosing what the system already shows means "follow the system" again
    this.choice = next === this.system ? null : next;
    try {
      if (this.choice) this.#storage?.setItem(KEY, this.choice);
      else this.#storage?.removeItem(KEY);
    } catch {
      // storage disabled: the choice lasts this session
    }
  }
}

function read(storage: Pick<Storage, 'getItem'> | null): string | null {
  try {
    return storage?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

import { expect, test } from 'vitest';
import { Theme } from './theme.svelte.ts';

function storage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

function media(matches: boolean) {
  const listeners = new Set<(e: { matches: boolean }) => void>();
  return {
    matches,
    listeners,
    addEventListener: (_: string, l: (e: { matches: boolean }) => void) => listeners.add(l),
    removeEventListener: (_: string, l: (e: { matches: boolean }) => void) => listeners.delete(l),
  } as unknown as MediaQueryList & { listeners: Set<(e: { matches: boolean }) => void> };
}

test('follows the system until toggled, remembers the choice', () => {
  const store = storage();
  const theme = new Theme(store);
  const m = media(true);
  const stop = theme.watchSystem(m);
  expect(theme.current).toBe('dark');
  theme.toggle();
  expect(theme.current).toBe('light');
  expect(store.data.get('embedlab.theme')).toBe('light');
  theme.toggle(); // back to what the system shows: follow it again
  expect(theme.current).toBe('dark');
  expect(store.data.has('embedlab.theme')).toBe(false);
  for (const l of m.listeners) l({ matches: false });
  expect(theme.current).toBe('light');
  stop();
  expect(m.listeners.size).toBe(0);
});

test('a saved choice wins over the system', () => {
  const theme = new Theme(storage({ 'embedlab.theme': 'dark' }));
  theme.watchSystem(media(false));
  expect(theme.current).toBe('dark');
});

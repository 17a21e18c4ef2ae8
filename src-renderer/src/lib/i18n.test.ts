import { describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { format, I18n, pickLang, type Catalogue } from './i18n.svelte.ts';

function storage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

const messages: Catalogue<'hello' | 'count' | 'onlyEn'> = {
  es: { hello: 'hola', count: '{n} palabras', onlyEn: '' },
  en: { hello: 'hello', count: '{n} words', onlyEn: 'English only' },
};

describe('the language switch', () => {
  it('starts from the preferred languages, Spanish when none matches', () => {
    expect(new I18n(messages, storage(), ['en-US', 'es']).lang).toBe('en');
    expect(new I18n(messages, storage(), ['es-419']).lang).toBe('es');
    expect(new I18n(messages, storage(), ['de-DE', 'fr']).lang).toBe('es');
    expect(new I18n(messages, null, []).lang).toBe('es');
  });

  it('remembers the choice, which then wins over the browser', () => {
    const store = storage();
    const i18n = new I18n(messages, store, ['en']);
    i18n.set('es');
    expect(store.data.get('embedlab.lang')).toBe('es');
    expect(new I18n(messages, store, ['en']).lang).toBe('es');
  });

  it('ignores a saved value it does not know, and storage that throws', () => {
    expect(new I18n(messages, storage({ 'embedlab.lang': 'xx' }), ['en']).lang).toBe('en');
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const i18n = new I18n(messages, broken, ['en']);
    expect(i18n.lang).toBe('en');
    i18n.set('es');
    expect(i18n.lang).toBe('es');
  });

  it('translates, fills placeholders and falls back to English', () => {
    const i18n = new I18n(messages, storage(), ['es']);
    const t = i18n.t;
    expect(t('hello')).toBe('hola');
    expect(t('count', { n: 3 })).toBe('3 palabras');
    expect(t('onlyEn')).toBe('');
    i18n.set('en');
    flushSync();
    expect(t('hello')).toBe('hello');
    expect(t('count', { n: 3 })).toBe('3 words');
  });
});

describe('helpers', () => {
  it('format leaves unknown placeholders as written', () => {
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(format('plain')).toBe('plain');
  });

  it('pickLang reads the base of a tag', () => {
    expect(pickLang(['EN-gb'])).toBe('en');
    expect(pickLang([], 'en')).toBe('en');
  });
});

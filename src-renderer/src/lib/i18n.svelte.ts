// A tiny message catalogue with a language switch: Spanish (the lecture's
// language) and English. The choice is kept in localStorage; until one is made,
// the browser's preferred languages decide, and Spanish when they name neither.

export const LANGS = ['es', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** every language has every key of the catalogue */
export type Catalogue<K extends string> = Record<Lang, Record<K, string>>;

export type MessageVars = Record<string, string | number>;

const KEY = 'embedlab.lang';

type Store = Pick<Storage, 'getItem' | 'setItem'>;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** the first of the preferred languages ("es-ES", "en-US", …) that the catalogue has */
export function pickLang(preferred: readonly string[], fallback: Lang = 'es'): Lang {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLang(base)) return base;
  }
  return fallback;
}

/** fills `{name}` placeholders; unknown ones are left as written */
export function format(template: string, vars?: MessageVars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

export class I18n<K extends string> {
  lang = $state<Lang>('es');
  readonly #messages: Catalogue<K>;
  readonly #storage: Store | null;

  constructor(
    messages: Catalogue<K>,
    storage: Store | null = safeLocalStorage(),
    preferred: readonly string[] = globalThis.navigator?.languages ?? [],
  ) {
    this.#messages = messages;
    this.#storage = storage;
    const saved = read(storage);
    this.lang = isLang(saved) ? saved : pickLang(preferred);
  }

  set(lang: Lang): void {
    this.lang = lang;
    try {
      this.#storage?.setItem(KEY, lang);
    } catch {
      // storage disabled: the choice lasts this session
    }
  }

  /** the message in the current language (English if that one lacks it), placeholders filled */
  t = (key: K, vars?: MessageVars): string => {
    const text = this.#messages[this.lang][key] ?? this.#messages.en[key] ?? key;
    return format(text, vars);
  };
}

function read(storage: Store | null): string | null {
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

// A custom map axis typed as text, shared by the CLI (`--x man:woman`) and the
// Explore view (`he, man -> she, woman`). Plain code: no imports, safe on both sides.

export interface AxisWords {
  from: string[];
  to: string[];
}

/** what separates the two sides: an arrow, or (as the CLI writes it) a colon */
const ARROW = /->|→/;

/**
 * "man -> woman", "man → woman", "man:woman", "he,man,boy -> she,woman,girl"
 * (words split at commas or spaces), or one side alone: "king" (toward king).
 * Throws an Error whose message says what is wrong with the text.
 */
export function parseAxis(text: string): AxisWords {
  const t = text.trim();
  if (!t) throw new Error('type a word, or two: "man -> woman"');
  const sides = ARROW.test(t) ? t.split(ARROW) : t.split(':');
  const sep = ARROW.test(t) ? '->' : ':';
  if (sides.length > 2) throw new Error(`use one "${sep}" between the two sides, not ${sides.length - 1}`);
  if (sides.length === 1) return { from: [], to: wordsOf(sides[0]) };
  const [from, to] = sides.map(wordsOf);
  if (!from.length) throw new Error(`no word before "${sep}"`);
  if (!to.length) throw new Error(`no word after "${sep}"`);
  return { from, to };
}

/** the axis as parseAxis reads it back: "he, man -> she, woman", "king" */
export function axisText(axis: AxisWords): string {
  const to = axis.to.join(', ');
  return axis.from.length ? `${axis.from.join(', ')} -> ${to}` : to;
}

function wordsOf(side: string): string[] {
  return side.split(/[\s,]+/).filter(Boolean);
}

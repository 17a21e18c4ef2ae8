// The lecture's own examples (shared/lecture/lecture-notes-es.txt), used by the
// main process (the built-in `lecture-coordinates` run) and by the renderer (the
// Lessons view). Plain data: no imports, safe on both sides.

export interface CoordinateTable {
  words: string[];
  /** what each axis means */
  dims: string[];
  /** one row per word, one value per axis */
  values: number[][];
}

/** the lecture's "Word Coordinates" table: Gender, Age, Royalty, chosen by hand */
export const lectureCoordinates: CoordinateTable = {
  words: ['man', 'woman', 'boy', 'girl', 'king', 'queen', 'prince', 'princess'],
  dims: ['gender', 'age', 'royalty'],
  values: [
    [1, 7, 1],
    [9, 7, 1],
    [1, 2, 1],
    [9, 2, 1],
    [1, 8, 8],
    [9, 7, 8],
    [1, 2, 8],
    [9, 2, 8],
  ],
};

/** the lecture's analogy: "king" − "man" + "woman" lands near "queen" */
export const lectureAnalogy = { a: 'king', b: 'man', c: 'woman', expected: 'queen' } as const;

/** the lecture's one-hot example: cat [1, 0, 0], dog [0, 1, 0], mouse [0, 0, 1] */
export const lectureOneHotWords: readonly string[] = ['cat', 'dog', 'mouse'];

/** the lecture's subword example: "unhappiness" could be split into "un", "happy" and "ness" */
export const lectureSubwords = { word: 'unhappiness', pieces: ['un', 'happy', 'ness'] } as const;

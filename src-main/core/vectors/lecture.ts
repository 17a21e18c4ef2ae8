// The lecture's hand-made semantic coordinates: each axis is a meaning a person
// chose (gender, age, royalty), so vector arithmetic can be read off by eye.
import { VectorSet } from './vector-set.ts';

export interface CoordinateTable {
  words: string[];
  /** what each axis means */
  dims: string[];
  /** one row per word, one value per axis */
  values: number[][];
}

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

export function lectureVectorSet(): VectorSet {
  const { words, dims, values } = lectureCoordinates;
  return new VectorSet(words.slice(), dims.length, Float32Array.from(values.flat()));
}

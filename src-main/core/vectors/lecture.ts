// The lecture's hand-made semantic coordinates: each axis is a meaning a person
// chose (gender, age, royalty), so vector arithmetic can be read off by eye.
import { lectureCoordinates } from '../../../src-preload/lecture.ts';
import { VectorSet } from './vector-set.ts';

export { lectureCoordinates, type CoordinateTable } from '../../../src-preload/lecture.ts';

export function lectureVectorSet(): VectorSet {
  const { words, dims, values } = lectureCoordinates;
  return new VectorSet(words.slice(), dims.length, Float32Array.from(values.flat()));
}

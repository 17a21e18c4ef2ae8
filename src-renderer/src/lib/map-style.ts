// Colours and thresholds of the 3D map, kept apart from three.js so the view
// can use them without loading the renderer.
import type { ThemeName } from './theme.svelte.ts';

export interface MapTheme {
  background: string;
  /** frequent → middle → rare */
  ramp: [string, string, string];
  selected: string;
  neighbor: string;
  hover: string;
  axis: string;
  /** an analogy's a, b and c */
  mark: string;
  /** the analogy's answer */
  answer: string;
  /** the parallelogram's sides b → a and c → answer */
  offset: string;
  /** words outside every word list */
  other: string;
  /** one colour per word list (MAX_GROUPS) */
  groups: [string, string, string, string, string, string];
}

/** up to this many words, every word is labelled */
export const LABEL_ALL_MAX = 60;
/** of an isolated word's neighbours, the nearest this many carry labels */
export const NEIGHBOR_LABELS_MAX = 40;
/** of the words in the user's lists, at most this many carry labels */
export const LIST_LABELS_MAX = 60;

export const MAP_THEMES: Record<ThemeName, MapTheme> = {
  light: {
    background: '#fcfcfa',
    ramp: ['#1f3a93', '#2b8a9a', '#a3cdbf'],
    selected: '#e8590c',
    neighbor: '#c2255c',
    hover: '#1b1c1f',
    axis: '#d3d2cc',
    mark: '#5f3dc4',
    answer: '#e8590c',
    offset: '#5f3dc4',
    other: '#d6d5cf',
    groups: ['#2d56c9', '#c2410c', '#1c7a4a', '#9c36b5', '#b08800', '#0b7285'],
  },
  dark: {
    background: '#141518',
    ramp: ['#ffd166', '#4fb8c4', '#3f5d90'],
    selected: '#ff8c42',
    neighbor: '#f783ac',
    hover: '#ffffff',
    axis: '#3a3c44',
    mark: '#b197fc',
    answer: '#ff8c42',
    offset: '#b197fc',
    other: '#3a3c44',
    groups: ['#7c9cff', '#ffa26b', '#5fcf94', '#e599f7', '#ffd43b', '#66d9e8'],
  },
};

/** a layout of n words in 2 or 3 dimensions as xyz triples (z = 0 for 2D), written into `out` */
export function toXYZ(coords: Float32Array, dims: 2 | 3, n: number, out: Float32Array): Float32Array {
  if (dims === 3) {
    out.set(coords.subarray(0, n * 3));
    return out;
  }
  for (let i = 0; i < n; i++) {
    out[i * 3] = coords[i * 2];
    out[i * 3 + 1] = coords[i * 2 + 1];
    out[i * 3 + 2] = 0;
  }
  return out;
}

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
}

/** up to this many words, every word is labelled */
export const LABEL_ALL_MAX = 60;

export const MAP_THEMES: Record<ThemeName, MapTheme> = {
  light: {
    background: '#fcfcfa',
    ramp: ['#1f3a93', '#2b8a9a', '#a3cdbf'],
    selected: '#e8590c',
    neighbor: '#c2255c',
    hover: '#1b1c1f',
    axis: '#d3d2cc',
  },
  dark: {
    background: '#141518',
    ramp: ['#ffd166', '#4fb8c4', '#3f5d90'],
    selected: '#ff8c42',
    neighbor: '#f783ac',
    hover: '#ffffff',
    axis: '#3a3c44',
  },
};

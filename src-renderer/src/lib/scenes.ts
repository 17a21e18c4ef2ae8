// A scene: what the Explore map shows, as JSON the service stores and the view
// reopens. Reading is lenient on purpose: a scene saved by an older (or newer)
// version opens with defaults for every field it lacks or holds in another
// shape, and drops fields it does not know, instead of breaking the view.
import { z } from 'zod';
import type { CameraState } from './point-map.ts';
import {
  DEFAULT_PARAMS,
  MAX_ISOLATE_K,
  MAX_WORDS,
  NEIGHBOR_K,
  type ColorBy,
  type ProjectionParams,
} from './explore.svelte.ts';

export const SCENE_VERSION = 1;

export interface SceneState {
  version: number;
  run: string | null;
  params: ProjectionParams;
  camera: CameraState | null;
  selected: string | null;
  /** the search box */
  search: string;
  isolate: boolean;
  isolateK: number;
  colorBy: ColorBy;
  /** the word lists, one per line */
  listText: string;
  /** the expression last answered, asked again on reopening (its analogy arrows come back) */
  expression: string;
  normalize: boolean;
}

const finite = z.number().refine(Number.isFinite);
const vec3 = z.tuple([finite, finite, finite]);
const dims = z.union([z.literal(2), z.literal(3)]);

const cameraSchema = z.object({
  position: vec3,
  target: vec3,
  up: vec3.catch([0, 1, 0]),
  zoom: finite.refine((v) => v > 0).catch(1),
  dims: dims.catch(3),
});

const paramsSchema = z.object({
  method: z.enum(['pca', 'umap', 'axes']).catch(DEFAULT_PARAMS.method),
  dims: dims.catch(DEFAULT_PARAMS.dims),
  words: z.number().int().min(1).max(MAX_WORDS).catch(DEFAULT_PARAMS.words),
  neighbors: z.number().int().min(2).max(200).catch(DEFAULT_PARAMS.neighbors),
  minDist: z.number().min(0).max(1).catch(DEFAULT_PARAMS.minDist),
  metric: z.enum(['cosine', 'euclidean']).catch(DEFAULT_PARAMS.metric),
  seed: z.number().int().min(0).max(2_147_483_647).catch(DEFAULT_PARAMS.seed),
  axes: z
    .array(z.string().max(500))
    .max(3)
    .transform((a) => [a[0] ?? '', a[1] ?? '', a[2] ?? ''])
    .catch([...DEFAULT_PARAMS.axes]),
});

const stateSchema = z.object({
  version: z.number().catch(SCENE_VERSION),
  run: z.string().min(1).nullable().catch(null),
  params: paramsSchema.catch(() => paramsSchema.parse({})),
  camera: cameraSchema.nullable().catch(null),
  selected: z.string().min(1).max(200).nullable().catch(null),
  search: z.string().max(200).catch(''),
  isolate: z.boolean().catch(false),
  isolateK: z.number().int().min(1).max(MAX_ISOLATE_K).catch(NEIGHBOR_K),
  colorBy: z.enum(['frequency', 'lists', 'clusters']).catch('frequency'),
  listText: z.string().max(100_000).catch(''),
  expression: z.string().max(1000).catch(''),
  normalize: z.boolean().catch(true),
});

/** what the map hands out for the export buttons */
export interface MapExports {
  png(): Promise<Blob>;
  svg(): string;
  csv(): string;
}

/** a stored scene's state, whatever version wrote it: never throws */
export function readScene(raw: unknown): SceneState {
  const obj = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
  return stateSchema.parse(obj) as SceneState;
}

/** a name for the next scene: the selected word, else "Scene n" */
export function suggestName(taken: readonly string[], selected: string | null): string {
  const base = selected ? `${selected}` : 'Scene';
  if (selected && !taken.includes(base)) return base;
  for (let n = 1; ; n++) if (!taken.includes(`${base} ${n}`)) return `${base} ${n}`;
}

/** a file name from a scene name: letters, digits, dashes */
export function fileStem(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[^\w-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'scene'
  );
}

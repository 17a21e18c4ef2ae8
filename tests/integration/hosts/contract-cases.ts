// The contract round trips, written once and run against both hosts
// (IPC through the preload, and HTTP) by contract.test.ts.
import { expect } from 'vitest';
import type {
  AlignReport,
  AnalogyResult,
  AppInfo,
  CompareReport,
  EncodeResult,
  ExpressionResult,
  Method,
  NeighborsAcross,
  OddOneOut,
  ProviderReport,
  Projection,
  RunInfo,
  Scene,
  Scored,
  SentenceSimilarity,
  SimilarityMatrix,
  WordClusters,
  StabilityReport,
  WordVectors,
} from '../../../src-preload/contract.ts';

export interface HostUnderTest {
  /** what appInfo.host should say */
  kind: 'electron' | 'browser';
  dbPath: string;
  call(method: Method, args: unknown): Promise<unknown>;
}

export interface ContractCase {
  title: string;
  method: Method;
  args: unknown;
  check?: (result: never, host: HostUnderTest) => void;
  /** the error the call must fail with; status is checked over HTTP */
  error?: { name: string; message: RegExp; status: number };
}

const lecture = 'lecture-coordinates';

export const contractCases: ContractCase[] = [
  {
    title: 'appInfo names the host and the database',
    method: 'appInfo',
    args: {},
    check: (info: AppInfo, host) => {
      expect(info.host).toBe(host.kind);
      expect(info.dbPath).toBe(host.dbPath);
      expect(info.version).toMatch(/\d+\.\d+\.\d+/);
    },
  },
  {
    title: 'listRuns holds the built-in lecture run',
    method: 'listRuns',
    args: {},
    check: (runs: RunInfo[]) => {
      expect(runs.find((r) => r.name === lecture)).toMatchObject({ name: lecture, status: 'done', error: null });
    },
  },
  {
    title: 'analogy king − man + woman: 3CosAdd gives princess, the raw sum queen',
    method: 'analogy',
    args: { run: lecture, a: 'king', b: 'man', c: 'woman' },
    check: (r: AnalogyResult) => {
      expect(r.results[0].word).toBe('princess');
      expect(r.results[0].score).toBeCloseTo(0.986, 2);
      expect(r.raw[0].word).toBe('queen');
      expect(r.raw[0].score).toBeCloseTo(0.998, 2);
      const words = [...r.results, ...r.raw].map((s) => s.word);
      for (const input of ['king', 'man', 'woman']) expect(words).not.toContain(input);
    },
  },
  {
    title: 'neighbors: k results, best first, the word itself left out',
    method: 'neighbors',
    args: { run: lecture, word: 'king', k: 3 },
    check: ({ results }: { results: Scored[] }) => {
      expect(results).toHaveLength(3);
      expect(results.map((s) => s.word)).not.toContain('king');
      expect(results.map((s) => s.score)).toEqual([...results.map((s) => s.score)].sort((a, b) => b - a));
    },
  },
  {
    title: 'similarity is a cosine',
    method: 'similarity',
    args: { run: lecture, a: 'king', b: 'queen' },
    check: ({ score }: { score: number }) => expect(Math.abs(score)).toBeLessThanOrEqual(1 + 1e-6),
  },
  {
    title: 'expression king − man + woman: queen as written, princess by 3CosMul',
    method: 'expression',
    args: { run: lecture, expr: 'king - man + woman', k: 3 },
    check: (r: ExpressionResult) => {
      expect(r.results[0].word).toBe('queen');
      expect(r.mul[0].word).toBe('princess');
      expect(r.terms).toEqual([
        { word: 'king', weight: 1 },
        { word: 'man', weight: -1 },
        { word: 'woman', weight: 1 },
      ]);
    },
  },
  {
    title: 'a malformed expression is refused naming the column',
    method: 'expression',
    args: { run: lecture, expr: 'king * queen' },
    error: { name: 'ParamError', message: /^cannot multiply two words \(column 6\)$/, status: 400 },
  },
  {
    title: 'oddOneOut scores every word against the mean',
    method: 'oddOneOut',
    args: { run: lecture, words: ['king', 'queen', 'prince', 'girl'] },
    check: (r: OddOneOut) => {
      expect(r.scores.map((s) => s.word)).toEqual(['king', 'queen', 'prince', 'girl']);
      expect(r.scores.map((s) => s.word)).toContain(r.word);
    },
  },
  {
    title: 'sentenceSimilarity averages the known words and reports the rest',
    method: 'sentenceSimilarity',
    args: { run: lecture, a: 'the king and the queen', b: 'a prince' },
    check: (r: SentenceSimilarity) => {
      expect(r.words).toEqual({ a: ['king', 'queen'], b: ['prince'] });
      expect(r.unknown).toEqual(['the', 'and', 'a']);
      expect(Math.abs(r.score)).toBeLessThanOrEqual(1 + 1e-6);
    },
  },
  {
    title: 'similarityMatrix arrives as a Float32Array',
    method: 'similarityMatrix',
    args: { run: lecture, words: ['king', 'queen', 'xyzzy'] },
    check: (r: SimilarityMatrix) => {
      expect(r.matrix).toBeInstanceOf(Float32Array);
      expect(r.words).toEqual(['king', 'queen']);
      expect(r.matrix).toHaveLength(4);
      expect(r.unknown).toEqual(['xyzzy']);
    },
  },
  {
    title: 'kwic on a run without a corpus says so',
    method: 'kwic',
    args: { run: lecture, word: 'king' },
    error: { name: 'ParamError', message: /not trained on a corpus/, status: 400 },
  },
  {
    title: 'project on custom axes: coordinates as a Float32Array, the axes and their cosines',
    method: 'project',
    args: {
      run: lecture,
      method: 'axes',
      dims: 2,
      axes: [
        { from: ['man'], to: ['woman'] },
        { from: ['man'], to: ['queen'] },
      ],
    },
    check: (p: Projection) => {
      expect(p.method).toBe('axes');
      expect(p.coords).toBeInstanceOf(Float32Array);
      expect(p.coords).toHaveLength(2 * p.words.length);
      expect(p.axes?.axes.map((a) => a.label)).toEqual(['man → woman', 'man → queen']);
      expect(p.axes?.maxOverlap).toBeCloseTo(8 / Math.sqrt(113), 6);
    },
  },
  {
    title: 'project on custom axes names the unknown word',
    method: 'project',
    args: { run: lecture, method: 'axes', dims: 2, axes: [{ to: ['king'] }, { from: ['man'], to: ['xyzzy'] }] },
    error: { name: 'UnknownWordError', message: /"xyzzy" \(in the axes\)/, status: 404 },
  },
  {
    title: 'vectors arrive as a Float32Array; unknown words are reported',
    method: 'vectors',
    args: { run: lecture, words: ['king', 'queen', 'xyzzy'] },
    check: (v: WordVectors) => {
      expect(v.vectors).toBeInstanceOf(Float32Array);
      expect(v.words).toEqual(['king', 'queen']);
      expect(v.vectors.length).toBe(2 * v.dim);
      expect(v.unknown).toEqual(['xyzzy']);
    },
  },
  {
    title: 'encode: sentence vectors arrive as Float32Arrays, with the provider used',
    method: 'encode',
    args: { model: 'tiny-bert', texts: ['the bank of the river', 'money in the bank'], normalize: true },
    check: (r: EncodeResult) => {
      expect(r.vectors).toHaveLength(2);
      for (const v of r.vectors) {
        expect(v).toBeInstanceOf(Float32Array);
        expect(v).toHaveLength(32);
        expect(Math.hypot(...v)).toBeCloseTo(1, 5);
      }
      expect(r.provider).toBe('cpu');
      expect(r.tokens[0]).toEqual(['[CLS]', 'the', 'bank', 'of', 'the', 'river', '[SEP]']);
    },
  },
  {
    title: 'clusters: a label per map word and exemplar words per cluster',
    method: 'clusters',
    args: { run: lecture, words: 8, k: 2 },
    check: (r: WordClusters) => {
      expect(r.labels).toHaveLength(8);
      expect(new Set(r.labels).size).toBe(2);
      expect(r.exemplars.flat().length).toBeGreaterThan(0);
    },
  },
  {
    title: 'providers: CPU chosen, the others skipped with reasons',
    method: 'providers',
    args: {},
    check: (r: ProviderReport) => {
      expect(r.chosen).toBe('cpu');
      expect(r.skipped.every((s) => s.reason.length > 0)).toBe(true);
    },
  },
  {
    title: 'an unknown encoder is not found, with how to add one',
    method: 'tokenize',
    args: { model: 'no-such-model', text: 'hi' },
    error: { name: 'NotFoundError', message: /embedlab model add/, status: 404 },
  },
  {
    title: 'pickEncoderFolder: the service never opens a dialog itself (the desktop shell does)',
    method: 'pickEncoderFolder',
    args: {},
    error: { name: 'ParamError', message: /serve --model DIR/, status: 400 },
  },
  {
    title: 'addEncoder: a pick id the shell never gave is not found',
    method: 'addEncoder',
    args: { pickId: 'c'.repeat(32), name: 'mine' },
    error: { name: 'NotFoundError', message: /choose the folder again/, status: 404 },
  },
  {
    title: 'attention beyond the model’s layers is a user error',
    method: 'attention',
    args: { model: 'tiny-bert', text: 'hi', layer: 9, head: 0 },
    error: { name: 'EncoderFolderError', message: /layers 0 to 1/, status: 400 },
  },
  {
    title: 'compare: one score per run and file, with its coverage',
    method: 'compare',
    args: { runs: [lecture], analogies: [], similarity: ['rg65.tsv'] },
    check: (r: CompareReport) => {
      expect(r.runs).toEqual([lecture]);
      expect(r.scores).toHaveLength(1);
      expect(r.scores[0]).toMatchObject({ run: lecture, file: 'rg65.tsv', kind: 'similarity', metric: 'spearman' });
      expect(r.scores[0].coverage).toBeGreaterThanOrEqual(0);
    },
  },
  {
    title: 'stability of a run with itself is 1',
    method: 'stability',
    args: { runs: [lecture, lecture], k: 3, words: 8 },
    check: (r: StabilityReport) => {
      expect(r.jaccard).toBe(1);
      expect(r.perWord).toHaveLength(8);
    },
  },
  {
    title: 'align: a run with itself does not move; the map arrives as Float32Arrays',
    method: 'align',
    args: { a: lecture, b: lecture, mapWords: 8, top: 3 },
    check: (r: AlignReport) => {
      expect(r.shared).toBe(8);
      expect(r.residual).toBeLessThan(1e-9);
      expect(r.moved).toHaveLength(3);
      expect(r.map.a).toBeInstanceOf(Float32Array);
      expect(r.map.b).toHaveLength(24);
    },
  },
  {
    title: 'neighborsAcross: one column per run and the overlap',
    method: 'neighborsAcross',
    args: { runs: [lecture, lecture], word: 'king', k: 3 },
    check: (r: NeighborsAcross) => {
      expect(r.columns.map((c) => c.neighbors.length)).toEqual([3, 3]);
      expect(r.pairs).toEqual([{ a: lecture, b: lecture, jaccard: 1, rbo: expect.closeTo(1, 9) }]);
      expect(r.common).toEqual(r.columns[0].neighbors.map((n) => n.word));
    },
  },
  {
    title: 'analogyQuestions of a file never evaluated is not found',
    method: 'analogyQuestions',
    args: { run: lecture, file: 'nothing.txt' },
    error: { name: 'NotFoundError', message: /evaluate it first/, status: 404 },
  },
  {
    title: 'stability needs two runs',
    method: 'stability',
    args: { runs: [lecture] },
    error: { name: 'ContractError', message: /^stability: runs: give at least 2 runs$/, status: 400 },
  },
  {
    title: 'bad arguments are refused naming the field',
    method: 'neighbors',
    args: { run: lecture, word: 'king', k: 0 },
    error: { name: 'ContractError', message: /^neighbors: k: /, status: 400 },
  },
  {
    title: 'a missing field is named',
    method: 'analogy',
    args: { run: lecture, a: 'king', b: 'man' },
    error: { name: 'ContractError', message: /^analogy: c: /, status: 400 },
  },
  {
    title: 'a nested parameter is named by its path',
    method: 'train',
    args: { corpus: 'c', name: 'r', method: 'sgns', params: { dim: 0 } },
    error: { name: 'ContractError', message: /^train: params\.dim: /, status: 400 },
  },
  {
    title: 'an unknown word is a user error',
    method: 'similarity',
    args: { run: lecture, a: 'king', b: 'xyzzy' },
    error: { name: 'UnknownWordError', message: /xyzzy/, status: 404 },
  },
  {
    title: 'saveScene keeps the view state as JSON: a scene per run and name',
    method: 'saveScene',
    args: { run: lecture, name: 'contract scene', state: { camera: { zoom: 1.5 }, selected: 'king', words: ['a,b'] } },
    check: (scene: Scene) => {
      expect(scene).toMatchObject({ run: lecture, name: 'contract scene' });
      expect(scene.id).toBeGreaterThan(0);
      expect(scene.state).toEqual({ camera: { zoom: 1.5 }, selected: 'king', words: ['a,b'] });
      expect(scene.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    },
  },
  {
    title: 'scenes lists the run’s scenes',
    method: 'scenes',
    args: { run: lecture },
    check: (scenes: Scene[]) => {
      expect(scenes.find((sc) => sc.name === 'contract scene')?.state).toMatchObject({ selected: 'king' });
    },
  },
  {
    title: 'deleteScene of an unknown id deletes nothing',
    method: 'deleteScene',
    args: { id: 999_999 },
    check: (r: { deleted: boolean }) => expect(r).toEqual({ deleted: false }),
  },
  {
    title: 'a scene must be an object of JSON',
    method: 'saveScene',
    args: { run: lecture, name: 'bad', state: 'camera' },
    error: { name: 'ContractError', message: /^saveScene: state: /, status: 400 },
  },
  {
    title: 'a scene of an unknown run is not found',
    method: 'saveScene',
    args: { run: 'no-such-run', name: 'x', state: {} },
    error: { name: 'NotFoundError', message: /no-such-run/, status: 404 },
  },
  {
    title: 'an unknown run is not found',
    method: 'neighbors',
    args: { run: 'no-such-run', word: 'king' },
    error: { name: 'NotFoundError', message: /no-such-run/, status: 404 },
  },
  {
    title: 'trainWatchLatest of a job with no watch frame is null',
    method: 'trainWatchLatest',
    args: { jobId: 'no-such-job' },
    check: (frame: null) => expect(frame).toBeNull(),
  },
  {
    title: 'watchTraining needs a training job that is running',
    method: 'watchTraining',
    args: { jobId: 'no-such-job', watch: { words: ['king'] } },
    error: { name: 'ParamError', message: /is not a training job that is running/, status: 400 },
  },
  {
    title: 'a watch of more than 12 words is refused, naming the field',
    method: 'train',
    args: {
      corpus: 'c',
      name: 'r',
      method: 'sgns',
      watch: { words: Array.from({ length: 13 }, (_, i) => `w${i}`) },
    },
    error: { name: 'ContractError', message: /^train: watch\.words: watch at most 12 words$/, status: 400 },
  },
];

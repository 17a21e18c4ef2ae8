// The contract round trips, written once and run against both hosts
// (IPC through the preload, and HTTP) by contract.test.ts.
import { expect } from 'vitest';
import type {
  AnalogyResult,
  AppInfo,
  ExpressionResult,
  Method,
  OddOneOut,
  RunInfo,
  Scored,
  SentenceSimilarity,
  SimilarityMatrix,
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
    title: 'an unknown run is not found',
    method: 'neighbors',
    args: { run: 'no-such-run', word: 'king' },
    error: { name: 'NotFoundError', message: /no-such-run/, status: 404 },
  },
];

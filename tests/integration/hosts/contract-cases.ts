// The contract round trips, written once and run against both hosts
// (IPC through the preload, and HTTP) by contract.test.ts.
import { expect } from 'vitest';
import type { AnalogyResult, AppInfo, Method, RunInfo, Scored, WordVectors } from '../../../src-preload/contract.ts';

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

// The command lines: ours (the embedlab CLI) and the peers (gensim, fastText),
// one spec per benchmarked method, all on the same file and settings.
import { join } from 'node:path';
import { repoRoot } from '../../helpers/paths.ts';
import { FASTTEXT, PYTHON } from './machine.ts';

export const METHODS = ['sgns', 'cbow', 'fasttext', 'fasttext-nosub', 'glove'] as const;
export type MethodName = (typeof METHODS)[number];

export interface Settings {
  dim: number;
  threads: number;
  epochs: number;
  /** gensim reads with corpus_file= instead of LineSentence */
  gensimCorpusFile: boolean;
  /** from --seeds; without it seed 1 for ours and gensim, and fastText's own default (0), as before */
  seed?: number;
}

export type PeerKind = 'gensim' | 'fasttext';

export interface PeerCommand {
  kind: PeerKind;
  argv: string[];
  /** the vectors the peer writes, for the quality check */
  vectors: string;
  /** files to remove after the run (fastText's .bin is ~1 GB) */
  scratch: string[];
}

export interface MethodSpec {
  name: MethodName;
  /** what the row compares */
  label: string;
  /** the peer's name in the table, or null when there is none */
  peer: string | null;
  oursTrainArgs(corpus: string, run: string, db: string, s: Settings): string[];
  peerCommand: ((file: string, outPrefix: string, s: Settings) => PeerCommand) | null;
}

export const CLI = join(repoRoot, 'bin', 'embedlab.mjs');

export function oursImportArgs(file: string, corpus: string, db: string): string[] {
  return [process.execPath, CLI, 'corpus', 'add', file, '--name', corpus, '--db', db, '--json'];
}

function oursTrain(method: string, corpus: string, run: string, db: string, flags: (string | number)[]): string[] {
  return [
    process.execPath,
    CLI,
    'train',
    '--corpus',
    corpus,
    '--method',
    method,
    ...flags.map(String),
    '--name',
    run,
    '--db',
    db,
    '--json',
  ];
}

/** the word2vec settings every word2vec-family row shares */
function w2vFlags(s: Settings): (string | number)[] {
  return [
    '--dim',
    s.dim,
    '--window',
    5,
    '--negative',
    5,
    '--min-count',
    5,
    '--sample',
    '1e-4',
    '--epochs',
    s.epochs,
    '--threads',
    s.threads,
    '--seed',
    s.seed ?? 1,
  ];
}

function gensim(sg: 0 | 1) {
  return (file: string, outPrefix: string, s: Settings): PeerCommand => {
    const vectors = `${outPrefix}.txt`;
    const argv = [
      PYTHON,
      join(repoRoot, 'tests', 'bench', 'peers', 'gensim_train.py'),
      file,
      '--sg',
      String(sg),
      '--dim',
      String(s.dim),
      '--window',
      '5',
      '--negative',
      '5',
      '--sample',
      '1e-4',
      '--min-count',
      '5',
      '--epochs',
      String(s.epochs),
      '--workers',
      String(s.threads),
      '--seed',
      String(s.seed ?? 1),
      '--out',
      vectors,
      ...(s.gensimCorpusFile ? ['--corpus-file'] : []),
    ];
    return { kind: 'gensim', argv, vectors, scratch: [] };
  };
}

function fasttext(maxn: number) {
  return (file: string, outPrefix: string, s: Settings): PeerCommand => {
    const argv = [
      FASTTEXT,
      'skipgram',
      '-input',
      file,
      '-output',
      outPrefix,
      '-dim',
      String(s.dim),
      '-ws',
      '5',
      '-neg',
      '5',
      '-minCount',
      '5',
      '-t',
      '1e-4',
      '-epoch',
      String(s.epochs),
      '-thread',
      String(s.threads),
      '-minn',
      '3',
      '-maxn',
      String(maxn),
      '-bucket',
      '2000000',
      ...(s.seed === undefined ? [] : ['-seed', String(s.seed)]),
    ];
    return { kind: 'fasttext', argv, vectors: `${outPrefix}.vec`, scratch: [`${outPrefix}.bin`] };
  };
}

export const methodSpecs: Record<MethodName, MethodSpec> = {
  sgns: {
    name: 'sgns',
    label: 'skip-gram',
    peer: 'gensim sg=1',
    oursTrainArgs: (corpus, run, db, s) => oursTrain('sgns', corpus, run, db, w2vFlags(s)),
    peerCommand: gensim(1),
  },
  cbow: {
    name: 'cbow',
    label: 'CBOW',
    peer: 'gensim sg=0',
    oursTrainArgs: (corpus, run, db, s) => oursTrain('cbow', corpus, run, db, w2vFlags(s)),
    peerCommand: gensim(0),
  },
  fasttext: {
    name: 'fasttext',
    label: 'subwords 3-6',
    peer: 'fasttext skipgram',
    oursTrainArgs: (corpus, run, db, s) =>
      oursTrain('fasttext', corpus, run, db, [...w2vFlags(s), '--minn', 3, '--maxn', 6, '--bucket', 2_000_000]),
    peerCommand: fasttext(6),
  },
  'fasttext-nosub': {
    name: 'fasttext-nosub',
    label: 'fastText, maxn 0',
    peer: 'fasttext -maxn 0',
    oursTrainArgs: (corpus, run, db, s) =>
      oursTrain('fasttext', corpus, run, db, [...w2vFlags(s), '--minn', 3, '--maxn', 0, '--bucket', 2_000_000]),
    peerCommand: fasttext(0),
  },
  glove: {
    name: 'glove',
    label: 'GloVe, window 10',
    peer: null,
    oursTrainArgs: (corpus, run, db, s) =>
      oursTrain('glove', corpus, run, db, [
        '--dim',
        s.dim,
        '--window',
        10,
        '--x-max',
        10,
        '--iter',
        s.epochs,
        '--min-count',
        5,
        '--threads',
        s.threads,
        '--seed',
        s.seed ?? 1,
      ]),
    peerCommand: null,
  },
};

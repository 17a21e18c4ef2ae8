// Arithmetic and similarity on a run's vectors (expressions, odd one out,
// sentences, a cosine matrix) and the concordance of a word in the run's corpus.
import { existsSync } from 'node:fs';
import type { Concordance, LabHandlers, RunInfo } from '../../src-preload/contract.ts';
import type { Db } from '../core/store/db.ts';
import * as corpora from '../core/store/corpora.ts';
import * as runs from '../core/store/runs.ts';
import { NotFoundError, ParamError } from '../core/errors.ts';
import { concordanceOffThread } from '../core/corpus/concordance.ts';
import { tokenizeLine } from '../core/corpus/tokenize.ts';
import { fasttextKeepProbabilities, keepProbabilities } from '../core/train/sampling.ts';
import { evaluateExpression } from '../core/vectors/expression.ts';
import { cosineMatrix, cosineOf, meanVector, oddOneOut } from '../core/vectors/compare.ts';
import { UnknownWordError, type VectorSet } from '../core/vectors/vector-set.ts';
import type { VectorCache } from './queries.ts';

type ExpressionHandlers = Pick<
  LabHandlers,
  'expression' | 'oddOneOut' | 'sentenceSimilarity' | 'similarityMatrix' | 'kwic'
>;

export function expressionHandlers(db: Db, cache: VectorCache): ExpressionHandlers {
  /** a word's stored vector, or a fasttext run's n-gram vector for one it never saw (as neighbors); else null */
  const lookup =
    (run: string, set: VectorSet) =>
    (word: string): Float32Array | null =>
      set.has(word) ? set.vectorOf(word) : cache.oov(run, word);

  /** vectors of all the words; one UnknownWordError names every word without one */
  const vectorsOf = (run: string, words: string[]): Float32Array[] => {
    const find = lookup(run, cache.get(run));
    const vectors = words.map(find);
    const unknown = words.filter((_, i) => !vectors[i]);
    if (unknown.length) throw new UnknownWordError([...new Set(unknown)]);
    return vectors as Float32Array[];
  };

  return {
    expression: async ({ run, expr, k, normalize }) => {
      const set = cache.get(run);
      const answer = evaluateExpression(set, expr, { k, normalize, oov: lookup(run, set) });
      return {
        results: answer.results,
        mul: answer.mul,
        terms: answer.terms.map(({ word, weight }) => ({ word, weight })),
      };
    },
    oddOneOut: async ({ run, words }) => oddOneOut(words, vectorsOf(run, words)),
    sentenceSimilarity: async ({ run, a, b }) => {
      const set = cache.get(run);
      const find = lookup(run, set);
      const lowercase = corpusOf(db, run)?.lowercase ?? true;
      const unknown = new Set<string>();
      const sides = [a, b].map((text, i) => {
        const words = tokenizeLine(text, { lowercase });
        const which = i === 0 ? 'the first sentence' : 'the second sentence';
        if (words.length === 0) throw new ParamError(`${which} has no words`);
        const used: string[] = [];
        const vectors: Float32Array[] = [];
        for (const w of words) {
          const v = find(w);
          if (v) {
            used.push(w);
            vectors.push(v);
          } else unknown.add(w);
        }
        if (used.length === 0) {
          throw unknownWords(words, `no word of ${which} is in the vocabulary of run "${run}": ${list(words)}`);
        }
        return { used, mean: meanVector(vectors, set.dim) };
      });
      return {
        score: cosineOf(sides[0].mean, sides[1].mean),
        unknown: [...unknown],
        words: { a: sides[0].used, b: sides[1].used },
      };
    },
    similarityMatrix: async ({ run, words }) => {
      const find = lookup(run, cache.get(run));
      const known: string[] = [];
      const vectors: Float32Array[] = [];
      const unknown: string[] = [];
      for (const w of words) {
        const v = find(w);
        if (v) {
          known.push(w);
          vectors.push(v);
        } else unknown.push(w);
      }
      return { words: known, matrix: cosineMatrix(vectors), unknown };
    },
    kwic: async ({ run, word, n, width }) => kwic(db, cache, run, word, n, width),
  };
}

async function kwic(
  db: Db,
  cache: VectorCache,
  run: string,
  word: string,
  n: number,
  width: number,
): Promise<Concordance> {
  const info = runs.getRun(db, run);
  if (!info.corpus) {
    throw new ParamError(`run "${run}" was not trained on a corpus here, so it has no concordance`);
  }
  const corpus = corpora.corpusOfRun(db, info.id);
  if (!corpus) {
    throw new NotFoundError(
      `the corpus "${info.corpus}" that run "${run}" was trained on has been deleted, so there is no concordance`,
    );
  }
  if (!existsSync(corpus.tokenFile)) {
    throw new NotFoundError(`the token file of corpus "${corpus.name}" is missing: ${corpus.tokenFile}`);
  }
  const form = asCorpusWord(word, corpus.lowercase);
  const set = info.status === 'done' ? cache.get(run) : null;
  const entry = wordInCorpus(db, corpus.id, set, form);
  if (!entry) {
    throw unknownWords([form], `unknown word: ${JSON.stringify(form)} (not in corpus "${corpus.name}")`);
  }
  // a big corpus is scanned in a worker: a rare word can take the whole file
  const hits = await concordanceOffThread(corpus.tokenFile, entry.id, { limit: n, width });
  const words = new Map<number, string>([[entry.id, form]]);
  const decode = (ids: number[]): string =>
    ids
      .map((id) => {
        let w = words.get(id);
        if (w === undefined) words.set(id, (w = corpora.corpusWordAt(db, corpus.id, id)?.word ?? '?'));
        return w;
      })
      .join(' ');
  const sample = typeof info.params.sample === 'number' && info.method !== 'glove' ? info.params.sample : null;
  return {
    word: form,
    corpus: corpus.name,
    count: entry.count,
    keepProbability: keepProbability(db, info, corpus.id, set, form, entry.count, sample),
    sample,
    lines: hits.map((h) => ({ left: decode(h.left), word: form, right: decode(h.right) })),
  };
}

/** the corpus a run was trained on, if it still exists */
function corpusOf(db: Db, run: string): corpora.StoredCorpus | undefined {
  return corpora.corpusOfRun(db, runs.getRun(db, run).id);
}

/** the word as the corpus tokenizer would have stored it */
function asCorpusWord(word: string, lowercase: boolean): string {
  const tokens = tokenizeLine(word, { lowercase });
  return tokens.length === 1 ? tokens[0] : lowercase ? word.toLowerCase() : word;
}

/** a run's rows are the corpus's first words, so the run's row is the corpus id; else a scan of the vocabulary */
function wordInCorpus(
  db: Db,
  corpusId: number,
  set: VectorSet | null,
  word: string,
): { id: number; count: number } | undefined {
  const row = set?.index.get(word);
  if (row !== undefined) {
    const at = corpora.corpusWordAt(db, corpusId, row);
    if (at?.word === word) return { id: row, count: at.count };
  }
  return corpora.findCorpusWord(db, corpusId, word);
}

/** the probability training kept one occurrence of the word, from the run's own parameters */
function keepProbability(
  db: Db,
  info: RunInfo,
  corpusId: number,
  set: VectorSet | null,
  word: string,
  count: number,
  sample: number | null,
): number | null {
  const row = set?.index.get(word);
  if (sample === null || !set?.counts || row === undefined) return null;
  if (info.method === 'fasttext') {
    // fastText divides by every corpus token, kept or not
    const tokens = corpora.countsAtLeast(db, corpusId, 1).tokens;
    return fasttextKeepProbabilities([count], 1, sample, tokens)[0];
  }
  // word2vec.c divides by the tokens of the words it kept
  return keepProbabilities(set.counts, set.size, sample)[row];
}

/** an UnknownWordError (a 404 to the hosts) with its own message */
function unknownWords(words: string[], message: string): UnknownWordError {
  const err = new UnknownWordError([...new Set(words)]);
  err.message = message;
  return err;
}

function list(words: string[]): string {
  return [...new Set(words)].map((w) => JSON.stringify(w)).join(', ');
}

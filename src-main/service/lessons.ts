// The Lessons view's request: how fastText and BERT cut a word into subword
// units, and (given a run) the vector the run has for the word.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabHandlers, SubwordSplit } from '../../src-preload/contract.ts';
import { ngramStrings, subwordIds } from '../core/train/fasttext/ngrams.ts';
import { parseVocab, WordPiece } from '../core/text/wordpiece.ts';
import { NotFoundError } from '../core/errors.ts';
import type { VectorCache } from './queries.ts';

/** the shipped vocabulary: resources/bert/vocab.txt */
export const BERT_VOCABULARY = 'bert-base-uncased';

type LessonHandlers = Pick<LabHandlers, 'subwords'>;

export function lessonHandlers(resourcesDir: string, vectors: VectorCache): LessonHandlers {
  // read on first use: most sessions never open the subword page
  let tokenizer: WordPiece | null = null;
  const wordpiece = (): WordPiece => {
    if (tokenizer) return tokenizer;
    const path = join(resourcesDir, 'bert', 'vocab.txt');
    if (!existsSync(path)) throw new NotFoundError(`the WordPiece vocabulary is missing: ${path}`);
    return (tokenizer = new WordPiece(parseVocab(readFileSync(path, 'utf8'))));
  };

  /** the word's row in the run, else a fastText run's vector built from its n-grams */
  const vectorIn = (run: string, word: string): Pick<SubwordSplit, 'vector' | 'vectorFrom'> => {
    const set = vectors.get(run);
    if (set.has(word)) return { vector: set.vectorOf(word).slice(), vectorFrom: 'vocabulary' };
    const oov = vectors.oov(run, word);
    return oov ? { vector: oov, vectorFrom: 'ngrams' } : { vector: null, vectorFrom: null };
  };

  return {
    subwords: async ({ word, minn, maxn, bucket, run }) => {
      const wp = wordpiece();
      const tokens = wp.tokenize(word);
      return {
        word,
        minn,
        maxn,
        bucket,
        ngrams: ngramStrings(word, minn, maxn),
        buckets: Array.from(subwordIds(word, minn, maxn, bucket)),
        wordpiece: tokens,
        wordpieceIds: wp.ids(tokens),
        vocabulary: BERT_VOCABULARY,
        vocabularySize: wp.size,
        ...(run ? vectorIn(run, word) : { vector: null, vectorFrom: null }),
      };
    },
  };
}

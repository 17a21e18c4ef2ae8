// The Lessons view's request: how fastText and BERT cut a word into subword
// units, and (given a run) the vector the run has for the word.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LabHandlers, SubwordSplit } from '../../src-preload/contract.ts';
import { ngramStrings, subwordIds } from '../core/train/fasttext/ngrams.ts';
import { EncoderTokenizer } from '../core/onnx/tokenizer.ts';
import { NotFoundError } from '../core/errors.ts';
import type { VectorCache } from './queries.ts';

/** the shipped vocabulary: resources/bert/vocab.txt */
export const BERT_VOCABULARY = 'bert-base-uncased';

type LessonHandlers = Pick<LabHandlers, 'subwords'>;

export function lessonHandlers(resourcesDir: string, vectors: VectorCache): LessonHandlers {
  // read on first use: most sessions never open the subword page
  let tokenizer: EncoderTokenizer | null = null;
  const wordpiece = (): EncoderTokenizer => {
    if (tokenizer) return tokenizer;
    const dir = join(resourcesDir, 'bert');
    if (!existsSync(join(dir, 'vocab.txt'))) {
      throw new NotFoundError(`the WordPiece vocabulary is missing: ${join(dir, 'vocab.txt')}`);
    }
    // Hugging Face's BertTokenizer for the vocabulary (uncased: lowercase, accents stripped)
    return (tokenizer = EncoderTokenizer.fromFolder(dir, 'vocab.txt', 512));
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
      const { tokens, ids } = wp.pieces(word);
      return {
        word,
        minn,
        maxn,
        bucket,
        ngrams: ngramStrings(word, minn, maxn),
        buckets: Array.from(subwordIds(word, minn, maxn, bucket)),
        wordpiece: tokens,
        wordpieceIds: ids,
        vocabulary: BERT_VOCABULARY,
        vocabularySize: wp.vocabSize,
        ...(run ? vectorIn(run, word) : { vector: null, vectorFrom: null }),
      };
    },
  };
}

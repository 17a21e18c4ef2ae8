#!/usr/bin/python3
"""Train gensim's Word2Vec on a pre-tokenized file for the training benchmark.

    /usr/bin/python3 tests/bench/peers/gensim_train.py FILE --sg 1 --out VECTORS.txt
        [--dim 100] [--window 5] [--negative 5] [--sample 1e-4] [--min-count 5]
        [--epochs 1] [--workers 2] [--seed 1] [--corpus-file] [--log]

Reads FILE the way gensim users do: Word2Vec on LineSentence(FILE) (one
sentence per line, words split on whitespace), or with --corpus-file gensim's
corpus_file= mode (its faster Cython reader). build_vocab and train are timed
separately (wall: time.perf_counter; CPU of the whole process, all threads:
time.process_time); saving is not timed. The vectors are saved in word2vec
text format for the quality check. Prints one JSON line on stdout.

Run it with Debian's python (/usr/bin/python3): that is the one with gensim.
"""

import argparse
import json
import logging
import resource
import sys
import time


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input")
    p.add_argument("--out", required=True, help="vectors, word2vec text format")
    p.add_argument("--sg", type=int, choices=(0, 1), required=True)
    p.add_argument("--dim", type=int, default=100)
    p.add_argument("--window", type=int, default=5)
    p.add_argument("--negative", type=int, default=5)
    p.add_argument("--sample", type=float, default=1e-4)
    p.add_argument("--min-count", type=int, default=5)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--corpus-file", action="store_true", help="use corpus_file= instead of LineSentence")
    p.add_argument("--log", action="store_true", help="gensim's INFO log on stderr")
    a = p.parse_args()

    if a.log:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(message)s", level=logging.INFO, stream=sys.stderr)

    import gensim
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence
    from gensim.models.word2vec_inner import FAST_VERSION

    model = Word2Vec(
        vector_size=a.dim,
        window=a.window,
        negative=a.negative,
        hs=0,
        sample=a.sample,
        min_count=a.min_count,
        sg=a.sg,
        epochs=a.epochs,
        workers=a.workers,
        seed=a.seed,
    )
    w0, c0 = time.perf_counter(), time.process_time()
    if a.corpus_file:
        model.build_vocab(corpus_file=a.input)
    else:
        sentences = LineSentence(a.input)
        model.build_vocab(sentences)
    w1, c1 = time.perf_counter(), time.process_time()
    if a.corpus_file:
        trained, raw = model.train(
            corpus_file=a.input, total_words=model.corpus_total_words, epochs=model.epochs
        )
    else:
        trained, raw = model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)
    w2, c2 = time.perf_counter(), time.process_time()
    model.wv.save_word2vec_format(a.out, binary=False)
    w3 = time.perf_counter()

    print(
        json.dumps(
            {
                "gensim": gensim.__version__,
                "fast_version": FAST_VERSION,
                "python": sys.version.split()[0],
                "input_mode": "corpus_file" if a.corpus_file else "LineSentence",
                "build_vocab_s": w1 - w0,
                "train_s": w2 - w1,
                "save_s": w3 - w2,
                "build_vocab_cpu_s": c1 - c0,
                "train_cpu_s": c2 - c1,
                "vocab": len(model.wv),
                "corpus_words": model.corpus_total_words,
                "corpus_sentences": model.corpus_count,
                "effective_words": trained,
                "raw_words": raw,
                "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

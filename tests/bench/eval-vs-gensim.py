#!/usr/bin/env python3
"""Cross-checks core/eval against gensim on any word2vec text file (not part of the test suite).

  /usr/bin/python3 tests/bench/eval-vs-gensim.py VECTORS.txt [--analogies FILE] [--pairs FILE]...
                   [--restrict N] [--case-sensitive]

e.g. on the shared GloVe sample with the Google set and every similarity set:
  /usr/bin/python3 tests/bench/eval-vs-gensim.py ../shared/data/vectors/glove-6B-50d-top2445.w2v.txt \\
      --analogies ../shared/data/questions-words.txt $(printf -- '--pairs %s ' ../shared/data/*.tsv)

Runs gensim's evaluate_word_analogies / evaluate_word_pairs, then ours
(tests/bench/eval-file.ts), prints both, and exits 1 when they differ: analogy
counts must be equal, Spearman within 1e-9, Pearson within 1e-6 (gensim's
cosines are float32 dot products). Needs gensim 4 (the system Python has 4.2).
"""
import argparse
import json
import os
import subprocess
import sys
import time

from gensim.models import KeyedVectors

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))

parser = argparse.ArgumentParser()
parser.add_argument('vectors')
parser.add_argument('--analogies', action='append', default=[])
parser.add_argument('--pairs', action='append', default=[])
parser.add_argument('--restrict', type=int, default=300000)
parser.add_argument('--case-sensitive', action='store_true')
args = parser.parse_args()
kw = {'restrict_vocab': args.restrict, 'case_insensitive': not args.case_sensitive}

kv = KeyedVectors.load_word2vec_format(args.vectors, binary=False)
theirs = {'analogies': None, 'pairs': {}}
for path in args.analogies:
    started = time.time()
    score, sections = kv.evaluate_word_analogies(path, **kw)
    theirs['analogies'] = {
        'accuracy': score,
        'correct': len(sections[-1]['correct']),
        'total': len(sections[-1]['correct']) + len(sections[-1]['incorrect']),
        'sections': [[s['section'], len(s['correct']), len(s['correct']) + len(s['incorrect'])] for s in sections[:-1]],
        'ms': round((time.time() - started) * 1000),
    }
for path in args.pairs:
    try:
        p, s, _ = kv.evaluate_word_pairs(path, **kw)
        theirs['pairs'][os.path.basename(path)] = {'spearman': float(s[0]), 'pearson': float(p[0])}
    except ValueError:  # no known pair: gensim raises, we give NaN
        theirs['pairs'][os.path.basename(path)] = {'spearman': None, 'pearson': None}

command = ['node', '--import', 'tsx', 'tests/bench/eval-file.ts', os.path.abspath(args.vectors), '--restrict', str(args.restrict)]
command += [x for path in args.analogies for x in ('--analogies', os.path.abspath(path))]
command += [x for path in args.pairs for x in ('--pairs', os.path.abspath(path))]
if args.case_sensitive:
    command.append('--case-sensitive')
ours = json.loads(subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout)

problems = []
if theirs['analogies']:
    a, b = theirs['analogies'], ours['analogies']
    print(f"analogies  gensim {a['correct']}/{a['total']} = {a['accuracy']:.6f} in {a['ms']} ms;"
          f"  ours {b['correct']}/{b['total']} = {b['accuracy']:.6f} in {b['ms']} ms")
    for key in ('correct', 'total', 'sections'):
        if a[key] != b[key]:
            problems.append(f'analogies {key}: gensim {a[key]}, ours {b[key]}')
for name, a in theirs['pairs'].items():
    b = ours['pairs'][name]
    print(f"{name:22} spearman gensim {a['spearman']}  ours {b['spearman']}   pearson gensim {a['pearson']}  ours {b['pearson']}")
    if a['spearman'] is None:
        if b['spearman'] is not None:  # NaN prints as null in JSON
            problems.append(f'{name}: gensim found no pair, ours {b}')
    elif abs(a['spearman'] - b['spearman']) > 1e-9 or abs(a['pearson'] - b['pearson']) > 1e-6:
        problems.append(f'{name}: gensim {a}, ours {b}')
for p in problems:
    print('DIFFERS', p)
sys.exit(1 if problems else 0)

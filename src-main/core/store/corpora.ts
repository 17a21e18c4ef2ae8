// Corpora and their vocabularies.
import type { Db } from './db.ts';
import { nowIso } from './db.ts';
import type { CorpusInfo, VocabEntry } from '../../../src-preload/contract.ts';
import { NotFoundError } from '../errors.ts';

export interface NewCorpus {
  name: string;
  source: string;
  files: number;
  tokens: number;
  sentences: number;
  lowercase: boolean;
  tokenFile: string;
  words: string[];
  counts: number[];
}

interface CorpusRow {
  id: number;
  name: string;
  source: string;
  files: number;
  tokens: number;
  sentences: number;
  vocab_size: number;
  lowercase: number;
  token_file: string;
  created_at: string;
}

export interface StoredCorpus extends CorpusInfo {
  tokenFile: string;
}

/** inserts the corpus and its whole vocabulary in one transaction */
export function insertCorpus(db: Db, c: NewCorpus): StoredCorpus {
  const insert = db.prepare(
    `INSERT INTO corpora (name, source, files, tokens, sentences, vocab_size, lowercase, token_file, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertWord = db.prepare('INSERT INTO corpus_vocab (corpus_id, id, word, count) VALUES (?, ?, ?, ?)');
  const id = db.transaction(() => {
    const { lastInsertRowid } = insert.run(
      c.name,
      c.source,
      c.files,
      c.tokens,
      c.sentences,
      c.words.length,
      c.lowercase ? 1 : 0,
      c.tokenFile,
      nowIso(),
    );
    for (let i = 0; i < c.words.length; i++) insertWord.run(lastInsertRowid, i, c.words[i], c.counts[i]);
    return Number(lastInsertRowid);
  })();
  return getCorpusById(db, id);
}

export function listCorpora(db: Db): StoredCorpus[] {
  const rows = db.prepare('SELECT * FROM corpora ORDER BY created_at DESC, id DESC').all() as CorpusRow[];
  return rows.map(fromRow);
}

export function findCorpus(db: Db, name: string): StoredCorpus | undefined {
  const row = db.prepare('SELECT * FROM corpora WHERE name = ?').get(name) as CorpusRow | undefined;
  return row && fromRow(row);
}

export function getCorpus(db: Db, name: string): StoredCorpus {
  const found = findCorpus(db, name);
  if (!found) throw new NotFoundError(`no corpus named "${name}"`);
  return found;
}

function getCorpusById(db: Db, id: number): StoredCorpus {
  return fromRow(db.prepare('SELECT * FROM corpora WHERE id = ?').get(id) as CorpusRow);
}

export function corpusTopWords(db: Db, corpusId: number, limit: number): VocabEntry[] {
  return db
    .prepare('SELECT word, count FROM corpus_vocab WHERE corpus_id = ? ORDER BY id LIMIT ?')
    .all(corpusId, limit) as VocabEntry[];
}

/** all counts in vocabulary order (most frequent first) */
export function corpusCounts(db: Db, corpusId: number): { words: string[]; counts: number[] } {
  const words: string[] = [];
  const counts: number[] = [];
  const rows = db
    .prepare('SELECT word, count FROM corpus_vocab WHERE corpus_id = ? ORDER BY id')
    .raw()
    .iterate(corpusId);
  for (const [word, count] of rows as Iterable<[string, number]>) {
    words.push(word);
    counts.push(count);
  }
  return { words, counts };
}

/** the corpus a run was trained on; undefined when the run has none or it was deleted */
export function corpusOfRun(db: Db, runId: number): StoredCorpus | undefined {
  const row = db.prepare('SELECT c.* FROM corpora c JOIN runs r ON r.corpus_id = c.id WHERE r.id = ?').get(runId) as
    CorpusRow | undefined;
  return row && fromRow(row);
}

/** the vocabulary entry with this id (its row in the token file) */
export function corpusWordAt(db: Db, corpusId: number, id: number): VocabEntry | undefined {
  return db.prepare('SELECT word, count FROM corpus_vocab WHERE corpus_id = ? AND id = ?').get(corpusId, id) as
    VocabEntry | undefined;
}

/** the id and count of a word; a scan of the corpus's vocabulary (no index on words) */
export function findCorpusWord(db: Db, corpusId: number, word: string): { id: number; count: number } | undefined {
  return db.prepare('SELECT id, count FROM corpus_vocab WHERE corpus_id = ? AND word = ?').get(corpusId, word) as
    { id: number; count: number } | undefined;
}

export function countsAtLeast(db: Db, corpusId: number, minCount: number): { words: number; tokens: number } {
  const row = db
    .prepare(
      'SELECT COUNT(*) AS words, COALESCE(SUM(count), 0) AS tokens FROM corpus_vocab WHERE corpus_id = ? AND count >= ?',
    )
    .get(corpusId, minCount) as { words: number; tokens: number };
  return row;
}

export function deleteCorpus(db: Db, name: string): StoredCorpus | undefined {
  const found = findCorpus(db, name);
  if (found) db.prepare('DELETE FROM corpora WHERE id = ?').run(found.id);
  return found;
}

function fromRow(r: CorpusRow): StoredCorpus {
  return {
    id: r.id,
    name: r.name,
    source: r.source,
    files: r.files,
    tokens: r.tokens,
    sentences: r.sentences,
    vocabSize: r.vocab_size,
    lowercase: r.lowercase === 1,
    createdAt: r.created_at,
    tokenFile: r.token_file,
  };
}

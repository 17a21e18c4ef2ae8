// Numbered schema migrations; PRAGMA user_version holds the last one applied.
export const migrations: string[] = [
  // 1: corpora, runs, metrics, vectors, jobs
  `
  CREATE TABLE corpora (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    files INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    sentences INTEGER NOT NULL,
    vocab_size INTEGER NOT NULL,
    lowercase INTEGER NOT NULL,
    token_file TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE corpus_vocab (
    corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    word TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (corpus_id, id)
  ) WITHOUT ROWID;
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    method TEXT NOT NULL,
    corpus_id INTEGER REFERENCES corpora(id) ON DELETE SET NULL,
    corpus_name TEXT,
    status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled','interrupted')),
    params TEXT NOT NULL,
    vocab_size INTEGER NOT NULL DEFAULT 0,
    dim INTEGER NOT NULL DEFAULT 0,
    code_version TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    seconds REAL,
    error TEXT
  );
  CREATE TABLE run_metrics (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    t REAL NOT NULL,
    words INTEGER NOT NULL,
    loss REAL,
    words_per_sec REAL,
    alpha REAL,
    epoch INTEGER
  );
  CREATE INDEX run_metrics_run ON run_metrics(run_id, t);
  CREATE TABLE run_vocab (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    id INTEGER NOT NULL,
    word TEXT NOT NULL,
    count INTEGER,
    PRIMARY KEY (run_id, id)
  ) WITHOUT ROWID;
  CREATE TABLE vector_blocks (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    block INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (run_id, block)
  ) WITHOUT ROWID;
  CREATE TABLE owners (
    id TEXT PRIMARY KEY,
    pid INTEGER NOT NULL,
    lock_path TEXT NOT NULL,
    started_at TEXT NOT NULL
  );
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled','interrupted')),
    target TEXT NOT NULL,
    owner_id TEXT,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    progress TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX jobs_status ON jobs(status);
  `,
  // 2: matrices beyond the word vectors (output weights, n-grams), checkpoints, evaluations
  `
  CREATE TABLE run_matrices (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    block INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    cols INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (run_id, name, block)
  ) WITHOUT ROWID;
  CREATE TABLE checkpoints (
    run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    words_done INTEGER NOT NULL,
    epoch INTEGER NOT NULL,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('analogy', 'similarity')),
    file TEXT NOT NULL,
    metric TEXT NOT NULL,
    value REAL,
    coverage REAL NOT NULL,
    result TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX evaluations_run ON evaluations(run_id, created_at);
  `,
  // 3: per-phase timings of a finished run (GloVe: cooccur, shuffle, train; non-zero entries)
  `ALTER TABLE runs ADD COLUMN timings TEXT;`,
  // 4: finished map layouts (UMAP), per run and parameters, so reopening one is instant
  `
  CREATE TABLE projections (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    params TEXT NOT NULL,
    vectors_at TEXT,
    created_at TEXT NOT NULL,
    dims INTEGER NOT NULL,
    words TEXT NOT NULL,
    coords BLOB NOT NULL,
    recall REAL NOT NULL,
    recall_words BLOB NOT NULL,
    result TEXT NOT NULL,
    PRIMARY KEY (run_id, params)
  ) WITHOUT ROWID;
  `,
  // 5: registered encoder folders (BERT-family ONNX exports)
  `
  CREATE TABLE encoders (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    dir TEXT NOT NULL,
    info TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  // 6: scenes, bookmarks of the Explore map (run, projection, camera, selection, query) as JSON
  `
  CREATE TABLE scenes (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (run_id, name)
  );
  `,
];

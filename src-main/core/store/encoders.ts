// Registered encoder folders (BERT-family ONNX exports): a name, the folder,
// and what was read from it when it was added.
import type { Db } from './db.ts';
import { nowIso } from './db.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { EncoderModelInfo } from '../../../src-preload/contract.ts';

interface Row {
  name: string;
  dir: string;
  info: string;
  created_at: string;
}

export type EncoderDetails = Omit<EncoderModelInfo, 'name' | 'dir' | 'createdAt'>;

export function addEncoder(db: Db, name: string, dir: string, details: EncoderDetails): EncoderModelInfo {
  if (findEncoder(db, name)) throw new ConflictError(`an encoder named "${name}" already exists`);
  db.prepare('INSERT INTO encoders (name, dir, info, created_at) VALUES (?, ?, ?, ?)').run(
    name,
    dir,
    JSON.stringify(details),
    nowIso(),
  );
  return getEncoder(db, name);
}

export function listEncoders(db: Db): EncoderModelInfo[] {
  return (db.prepare('SELECT * FROM encoders ORDER BY name').all() as Row[]).map(fromRow);
}

export function findEncoder(db: Db, name: string): EncoderModelInfo | undefined {
  const row = db.prepare('SELECT * FROM encoders WHERE name = ?').get(name) as Row | undefined;
  return row && fromRow(row);
}

export function getEncoder(db: Db, name: string): EncoderModelInfo {
  const found = findEncoder(db, name);
  if (!found)
    throw new NotFoundError(`no encoder named "${name}" (add one with: embedlab model add DIR --name ${name})`);
  return found;
}

export function removeEncoder(db: Db, name: string): boolean {
  return db.prepare('DELETE FROM encoders WHERE name = ?').run(name).changes > 0;
}

function fromRow(r: Row): EncoderModelInfo {
  return { name: r.name, dir: r.dir, createdAt: r.created_at, ...(JSON.parse(r.info) as EncoderDetails) };
}

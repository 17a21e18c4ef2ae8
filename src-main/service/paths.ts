// Where the lab keeps its SQLite file unless --db or EMBEDDING_LAB_DB says otherwise.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.EMBEDDING_LAB_DB) return env.EMBEDDING_LAB_DB;
  return join(appDataDir(env, platform), 'Embedding Lab', 'lab.sqlite');
}

function appDataDir(env: NodeJS.ProcessEnv, platform: string): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
}

/** token files and locks live in a folder beside the database */
export function dataDirFor(dbPath: string): string {
  return `${dbPath}-data`;
}

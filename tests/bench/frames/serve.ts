// Builds the frames page (index.html + page.ts, the app's PointMap) with Vite
// into a temporary folder and serves it on 127.0.0.1: the page is a module,
// so file:// will not do. Used by frames.bench.ts and tests/e2e/map-lod.test.ts.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { build } from 'vite';
import { repoRoot, tempDir } from '../../helpers/paths.ts';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export interface FramesPage {
  url: string;
  close(): Promise<void>;
}

export async function serveFramesPage(): Promise<FramesPage> {
  const tmp = tempDir();
  try {
    await build({
      root: join(repoRoot, 'tests', 'bench', 'frames'),
      base: './',
      logLevel: 'warn',
      configFile: false,
      cacheDir: join(repoRoot, 'node_modules', '.vite', 'frames-bench'),
      build: { outDir: tmp.dir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
    });
  } catch (e) {
    tmp.cleanup();
    throw e;
  }
  const dir = tmp.dir;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(dir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    }),
  );
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          tmp.cleanup();
          resolve();
        }),
      ),
  };
}

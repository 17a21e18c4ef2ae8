// Registering encoder folders without the page naming a path: `serve --model`
// (the browser host) and the desktop's pick id (addEncoder), on the real
// service with the fixture encoder and with folders that do not fit.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EncoderModelInfo } from '../../../src-preload/contract.ts';
import { parseModelSpec } from '../../../src-main/cli/commands/serve.ts';
import { createService } from '../../../src-main/service/service.ts';
import { startCli } from '../../helpers/cli-in-process.ts';
import { sharedData, tempDir } from '../../helpers/paths.ts';

const tmp = tempDir('embedlab-enc-folders-');
afterAll(() => tmp.cleanup());
const fixture = sharedData('bert/fixture');

/** runs `serve` in-process; resolves with the URL line (or the exit when it never serves) */
function serve(db: string, ...argv: string[]) {
  return startCli(['serve', '--port', '0', '--db', db, ...argv], { cwd: tmp.dir, createService });
}

async function call<T>(url: string, method: string, args: unknown = {}): Promise<{ status: number; body: T }> {
  const u = new URL(url);
  const res = await fetch(`${u.origin}/api/call/${method}?token=${u.searchParams.get('token')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  return { status: res.status, body: (await res.json()) as T };
}

describe('serve --model', () => {
  it('parses NAME=DIR and DIR (named after the folder)', () => {
    expect(parseModelSpec('tiny=models/bert', '/home/u')).toEqual({ name: 'tiny', dir: '/home/u/models/bert' });
    expect(parseModelSpec('/m/mini-lm', '/x')).toEqual({ name: 'mini-lm', dir: '/m/mini-lm' });
    expect(parseModelSpec('./a=b/c', '/x')).toEqual({ name: 'c', dir: '/x/a=b/c' });
  });

  it('registers the folders before serving; the page lists them; a second start keeps them', async () => {
    const db = join(tmp.dir, 'serve.sqlite');
    for (let round = 0; round < 2; round++) {
      const s = serve(db, '--model', fixture, '--model', `tiny=${fixture}`);
      expect(await s.started).toBe(true);
      const { status, body } = await call<{ result: EncoderModelInfo[] }>(s.stdout.text.trim(), 'encoders');
      expect(status).toBe(200);
      expect(body.result.map((m) => [m.name, m.dir, m.layers, m.heads, m.hiddenSize])).toEqual([
        ['fixture', fixture, 2, 2, 32],
        ['tiny', fixture, 2, 2, 32],
      ]);
      if (round === 1) expect(s.stderr.text).toMatch(/encoder tiny: already registered/);
      const refused = await call<{ error: { name: string; message: string } }>(
        s.stdout.text.trim(),
        'pickEncoderFolder',
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/serve --model DIR/);
      s.signals.emit('SIGTERM');
      expect(await s.done).toBe(0);
    }
  });

  it('does not serve when a folder does not fit, and says which file is wrong', async () => {
    const bad = join(tmp.dir, 'no-model');
    mkdirSync(bad);
    writeFileSync(join(bad, 'config.json'), '{}');
    const s = serve(join(tmp.dir, 'bad.sqlite'), '--model', bad);
    expect(await s.started).toBe(false);
    expect(await s.done).not.toBe(0);
    expect(s.stderr.text).toMatch(/no model\.onnx/);
    expect(s.stdout.text).toBe('');
  });

  it('refuses one name for two folders', async () => {
    const db = join(tmp.dir, 'clash.sqlite');
    const other = join(tmp.dir, 'copy');
    cpSync(fixture, other, { recursive: true });
    const first = serve(db, '--model', `m=${fixture}`);
    expect(await first.started).toBe(true);
    first.signals.emit('SIGTERM');
    await first.done;
    const second = serve(db, '--model', `m=${other}`);
    expect(await second.done).toBe(2);
    expect(second.stderr.text).toMatch(/an encoder named "m" is already registered from .*pick another name/);
  });
});

describe('addEncoder from a desktop pick', () => {
  it('registers a picked folder, and passes on what is wrong with one that does not fit', async () => {
    const lab = await createService({ dbPath: join(tmp.dir, 'pick.sqlite'), host: 'electron' });
    try {
      const info = await lab.handlers.addEncoder({ pickId: lab.registerPick([fixture]), name: 'picked' });
      expect(info).toMatchObject({ name: 'picked', modelType: 'bert', layers: 2, heads: 2, hasAttentions: true });
      const empty = join(tmp.dir, 'empty');
      mkdirSync(empty);
      await expect(lab.handlers.addEncoder({ pickId: lab.registerPick([empty]), name: 'e' })).rejects.toMatchObject({
        name: 'EncoderFolderError',
        message: expect.stringMatching(/no model\.onnx/),
      });
      await expect(lab.handlers.addEncoder({ pickId: 'a'.repeat(32), name: 'e' })).rejects.toMatchObject({
        name: 'NotFoundError',
      });
      expect((await lab.handlers.encoders({})).map((m) => m.name)).toEqual(['picked']);
    } finally {
      await lab.close();
    }
  });
});

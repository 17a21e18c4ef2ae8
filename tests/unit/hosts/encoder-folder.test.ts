// The desktop's encoder-folder dialog wired through the IPC stand-in: the page
// gets a pick id (and the path to show), then registers the folder by that id.
import { describe, expect, it } from 'vitest';
import type { EncoderModelInfo } from '../../../src-preload/contract.ts';
import { registerIpc, type Envelope } from '../../../src-main/electron/ipc.ts';
import {
  encoderFolderDialog,
  pickEncoderFolder,
  type ShowOpenDialog,
} from '../../../src-main/electron/encoder-folder.ts';
import { createFakeService } from '../../helpers/fake-service.ts';
import { FakeIpcMain, type FakeSender } from './fake-ipc.ts';

const ours: FakeSender = { id: 1 };

function shellWith(answer: { canceled: boolean; filePaths: string[] }) {
  const ipc = new FakeIpcMain();
  const service = createFakeService({ host: 'electron' });
  const asked: unknown[] = [];
  const show: ShowOpenDialog = async (options) => (asked.push(options), answer);
  registerIpc(ipc, service, (s) => s === ours, { pickEncoderFolder: () => pickEncoderFolder(service, show) });
  const invoke = <T>(method: string, args: unknown = {}) =>
    ipc.invoke(ours, `lab:${method}`, args) as Promise<Envelope<T>>;
  return { invoke, asked, service };
}

describe('the encoder folder dialog', () => {
  it('asks for one folder, and answers a pick id that addEncoder accepts', async () => {
    const { invoke, asked } = shellWith({ canceled: false, filePaths: ['/models/minilm'] });
    const picked = await invoke<{ pickId: string; dir: string }>('pickEncoderFolder');
    expect(asked).toEqual([encoderFolderDialog]);
    expect(encoderFolderDialog.properties).toEqual(['openDirectory']);
    if (!picked.ok) throw new Error(picked.error.message);
    expect(picked.result.dir).toBe('/models/minilm');
    expect(picked.result.pickId).toMatch(/^[0-9a-f]{32}$/);
    const added = await invoke<EncoderModelInfo>('addEncoder', { pickId: picked.result.pickId, name: 'minilm' });
    expect(added).toMatchObject({ ok: true, result: { name: 'minilm', dir: '/models/minilm' } });
  });

  it('answers null when the dialog is cancelled', async () => {
    const { invoke } = shellWith({ canceled: true, filePaths: [] });
    expect(await invoke('pickEncoderFolder')).toEqual({ ok: true, result: null });
  });

  it('refuses a pick id the shell never gave, and a malformed one before the service sees it', async () => {
    const { invoke, service } = shellWith({ canceled: false, filePaths: ['/m'] });
    expect(await invoke('addEncoder', { pickId: 'f'.repeat(32), name: 'x' })).toMatchObject({
      ok: false,
      error: { name: 'NotFoundError' },
    });
    const bad = await invoke('addEncoder', { pickId: '/etc/passwd', name: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { name: 'ContractError', message: /^addEncoder: pickId: / } });
    expect(service.calls.map((c) => c.method)).toEqual(['addEncoder']);
  });

  it('is refused by the service itself: only the shell opens dialogs', async () => {
    const service = createFakeService({ host: 'browser' });
    await expect(service.handlers.pickEncoderFolder({})).rejects.toMatchObject({ name: 'ParamError' });
  });
});

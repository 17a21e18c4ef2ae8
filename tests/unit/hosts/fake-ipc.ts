// Stand-ins for Electron's ipcMain and WebContents. Payloads go through
// structuredClone both ways, as they do over real IPC.
import type { EventTarget, IpcMainLike } from '../../../src-main/electron/ipc.ts';

export interface FakeSender {
  id: number;
}

type Listener = (event: { sender: FakeSender }, ...args: unknown[]) => unknown;

export class FakeIpcMain implements IpcMainLike<FakeSender> {
  readonly handlers = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    // Electron throws on a second handler for one channel
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  async invoke(sender: FakeSender, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await handler({ sender }, ...args.map((a) => structuredClone(a))));
  }
}

export class FakeWebContents implements EventTarget {
  readonly sent: unknown[][] = [];
  destroyed = false;
  onSend: ((channel: string, ...args: unknown[]) => void) | null = null;

  send(channel: string, ...args: unknown[]): void {
    const copy = structuredClone(args);
    this.sent.push([channel, ...copy]);
    this.onSend?.(channel, ...copy);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}

// Where the renderer gets its LabApi: `window.lab` from the Electron preload,
// or a client over HTTP when the page is served by the browser host.
import type { LabApi, Unsubscribe } from '../../../src-preload/contract.ts';
import { createHttpClient, takeToken, type ConnectionState, type HttpLab } from './http-client.ts';

export interface Host {
  kind: 'electron' | 'browser';
  lab: LabApi;
  /** browser only: sends a file to the host and returns its upload id */
  upload: ((body: Blob, name: string) => Promise<string>) | null;
  /** the event connection's state; Electron's IPC is always open */
  onConnection(listener: (state: ConnectionState) => void): Unsubscribe;
}

let host: Host | null = null;

export function getHost(): Host {
  if (host) return host;
  const exposed = (globalThis as { lab?: LabApi }).lab;
  if (exposed) {
    host = {
      kind: 'electron',
      lab: exposed,
      upload: null,
      onConnection(listener) {
        listener('open');
        return () => {};
      },
    };
  } else {
    const client: HttpLab = createHttpClient({ origin: location.origin, token: takeToken() });
    host = {
      kind: 'browser',
      lab: client,
      upload: (body, name) => client.upload(body, name),
      onConnection: (listener) => client.onConnection(listener),
    };
  }
  return host;
}

export function getLab(): LabApi {
  return getHost().lab;
}

/** tests and previews: use this host instead of the real one */
export function setHost(next: Host | null): void {
  host = next;
}

/** an error as the user should read it: the message, verbatim */
export function errorMessage(e: unknown): string {
  // Electron's invoke wraps main-process errors: "Error invoking remote method 'x': Error: message"
  if (e instanceof Error) return e.message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
  if (typeof e === 'string') return e;
  return 'Something went wrong.';
}

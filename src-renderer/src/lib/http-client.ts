// The LabApi over HTTP + WebSocket, for the page served by the browser host.
// Every request method is generated from the contract's `methodNames`; events
// arrive on one WebSocket that reconnects with backoff.
import {
  eventNames,
  methodNames,
  type Events,
  type LabApi,
  type Method,
  type Unsubscribe,
} from '../../../src-preload/contract.ts';
import { decodeWire, encodeWire, routes } from '../../../src-preload/wire.ts';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** the LabApi plus what only the browser host has */
export interface HttpLab extends LabApi {
  /** sends one file (or a Blob) to the host; returns the id for `source: { kind: 'upload', uploadId }` */
  upload(body: Blob, name: string): Promise<string>;
  /** the event socket's state; called at once with the current state */
  onConnection(listener: (state: ConnectionState) => void): Unsubscribe;
  /** closes the event socket and stops reconnecting */
  close(): void;
}

/** the parts of a WebSocket the client uses, so tests can pass a fake */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  close(): void;
}

export interface HttpClientOptions {
  /** e.g. "http://127.0.0.1:7860"; requests go to origin + routes.* */
  origin: string;
  token: string | null;
  fetch?: typeof fetch;
  openSocket?: (url: string) => SocketLike;
  /** reconnect delays: initialMs, doubling up to maxMs, with up to 20% jitter */
  backoff?: { initialMs: number; maxMs: number };
  random?: () => number;
}

interface ErrorBody {
  error?: { message?: unknown };
}

type AnyListener = (payload: unknown) => void;

export function createHttpClient(options: HttpClientOptions): HttpLab {
  const origin = options.origin.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const openSocket = options.openSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const backoff = options.backoff ?? { initialMs: 500, maxMs: 15_000 };
  const random = options.random ?? Math.random;

  function headers(extra: Record<string, string> = {}): Record<string, string> {
    return options.token ? { ...extra, Authorization: `Bearer ${options.token}` } : extra;
  }

  async function post<T>(what: string, url: string, init: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(url, { ...init, method: 'POST' });
    } catch (e) {
      throw new Error(`${what}: cannot reach the lab host (${e instanceof Error ? e.message : String(e)})`, {
        cause: e,
      });
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? decodeWire<unknown>(text) : undefined;
    } catch {
      body = undefined;
    }
    const message = (body as ErrorBody | undefined)?.error?.message;
    if (!res.ok || typeof message === 'string') {
      if (typeof message === 'string') throw new Error(message);
      if (res.status === 401 || res.status === 403)
        throw new Error(
          `The lab host refused this page's token (HTTP ${res.status}). Open the link the host printed, with its ?token=.`,
        );
      throw new Error(`${what}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    if (typeof body !== 'object' || body === null || !('result' in body))
      throw new Error(`${what}: the host sent an answer without a result`);
    return (body as { result: T }).result;
  }

  // ---------- requests: one loop over the contract ----------

  const calls = {} as Record<Method, (args: unknown) => Promise<unknown>>;
  for (const method of methodNames) {
    calls[method] = (args: unknown) =>
      post(method, origin + routes.call(method), {
        headers: headers({ 'Content-Type': 'application/json' }),
        body: encodeWire(args ?? {}),
      });
  }

  async function upload(body: Blob, name: string): Promise<string> {
    const result = await post<{ uploadId: string }>(
      'upload',
      `${origin}${routes.upload}?name=${encodeURIComponent(name)}`,
      {
        headers: headers({ 'Content-Type': 'application/octet-stream' }),
        body,
      },
    );
    return result.uploadId;
  }

  // ---------- events: one socket, opened on the first listener ----------

  const listeners = new Map<keyof Events, Set<AnyListener>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let socket: SocketLike | null = null;
  let state: ConnectionState = 'closed';
  let attempt = 0;
  let everOpened = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  function setState(next: ConnectionState): void {
    if (next === state) return;
    state = next;
    for (const l of connectionListeners) l(next);
  }

  function dispatch(event: keyof Events, payload: unknown): void {
    const set = listeners.get(event);
    if (!set) return;
    for (const l of [...set]) {
      try {
        l(payload);
      } catch (e) {
        console.error(`listener for "${event}" failed`, e);
      }
    }
  }

  function listenerCount(): number {
    let n = 0;
    for (const set of listeners.values()) n += set.size;
    return n;
  }

  function connect(): void {
    if (socket || closed) return;
    const query = options.token ? `?token=${encodeURIComponent(options.token)}` : '';
    const url = origin.replace(/^http/, 'ws') + routes.events + query;
    setState('connecting');
    let s: SocketLike;
    try {
      s = openSocket(url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = s;
    s.onopen = () => {
      attempt = 0;
      setState('open');
      // events sent while we were away are lost: tell the stores to reload
      if (everOpened) {
        dispatch('changed', { what: 'corpora' });
        dispatch('changed', { what: 'runs' });
      }
      everOpened = true;
    };
    s.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let msg: { event?: unknown; payload?: unknown };
      try {
        msg = decodeWire(ev.data);
      } catch {
        return;
      }
      if (isEventName(msg.event)) dispatch(msg.event, msg.payload);
    };
    s.onerror = () => {
      // a close event follows; reconnecting happens there
    };
    s.onclose = () => {
      if (socket !== s) return;
      socket = null;
      scheduleReconnect();
    };
  }

  function scheduleReconnect(): void {
    if (closed || listenerCount() === 0) {
      setState('closed');
      return;
    }
    setState('connecting');
    const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt);
    attempt++;
    const delay = base * (1 + 0.2 * random());
    timer = setTimeout(() => {
      timer = null;
      connect();
    }, delay);
  }

  function disconnect(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    const s = socket;
    socket = null;
    if (s) {
      s.onclose = null;
      s.onmessage = null;
      s.close();
    }
    setState('closed');
  }

  function on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): Unsubscribe {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const l = listener as AnyListener;
    set.add(l);
    if (!socket && !timer) connect();
    return () => {
      set.delete(l);
      if (listenerCount() === 0) disconnect();
    };
  }

  return {
    ...(calls as unknown as Omit<LabApi, 'on'>),
    on,
    upload,
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      disconnect();
    },
  };
}

/**
 * Reads the access token once: from `?token=` (then removes it from the address
 * bar, so it is not bookmarked or shared by accident) or from this tab's session.
 */
export function takeToken(
  loc: Pick<Location, 'search' | 'pathname' | 'hash'> = location,
  hist: Pick<History, 'replaceState' | 'state'> = history,
  storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeSessionStorage(),
): string | null {
  const params = new URLSearchParams(loc.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    params.delete('token');
    const rest = params.toString();
    hist.replaceState(hist.state, '', `${loc.pathname}${rest ? `?${rest}` : ''}${loc.hash}`);
    try {
      storage?.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // storage full or disabled: the token lives in memory only
    }
    return fromUrl;
  }
  try {
    return storage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

const TOKEN_KEY = 'embedlab.token';

function safeSessionStorage(): Storage | null {
  try {
    return sessionStorage;
  } catch {
    return null;
  }
}

function isEventName(value: unknown): value is keyof Events {
  return typeof value === 'string' && (eventNames as readonly string[]).includes(value);
}

// JSON over HTTP cannot carry a Float32Array; the browser host and its client
// tag typed arrays as base64 so they arrive as Float32Array, as over IPC.

interface TaggedF32 {
  __f32: string;
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Float32Array ? { __f32: toBase64(v) } : v));
}

export function decodeWire<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => (isTagged(v) ? fromBase64(v.__f32) : v)) as T;
}

function isTagged(v: unknown): v is TaggedF32 {
  return typeof v === 'object' && v !== null && typeof (v as TaggedF32).__f32 === 'string';
}

function toBase64(a: Float32Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) s += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(s);
}

function fromBase64(b64: string): Float32Array {
  const s = atob(b64);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

/** the browser host's routes, shared by server and client */
export const routes = {
  call: (method: string) => `/api/call/${method}`,
  upload: '/api/upload',
  events: '/api/events',
} as const;

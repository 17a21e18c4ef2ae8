// A LabApi for tests: answers with the handlers given, records every call, and
// lets a test emit events as the host would.
import {
  methodNames,
  type Args,
  type Events,
  type LabApi,
  type Method,
  type Result,
} from '../../../../src-preload/contract.ts';

export type FakeHandlers = { [M in Method]?: (args: Args<M>) => Result<M> | Promise<Result<M>> };

export interface FakeLab {
  lab: LabApi;
  calls: { method: Method; args: unknown }[];
  /** the args of every call to one method */
  argsOf<M extends Method>(method: M): Args<M>[];
  emit<E extends keyof Events>(event: E, payload: Events[E]): void;
  listenerCount(): number;
}

export function createFakeLab(handlers: FakeHandlers = {}): FakeLab {
  const calls: { method: Method; args: unknown }[] = [];
  const listeners = new Map<keyof Events, Set<(payload: unknown) => void>>();
  const lab = {} as Record<string, unknown>;
  for (const method of methodNames) {
    lab[method] = async (args: unknown) => {
      calls.push({ method, args });
      const handler = handlers[method] as ((a: unknown) => unknown) | undefined;
      if (!handler) throw new Error(`fake lab: ${method} is not stubbed`);
      return handler(args);
    };
  }
  lab.on = (event: keyof Events, listener: (payload: unknown) => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  };
  return {
    lab: lab as unknown as LabApi,
    calls,
    argsOf: <M extends Method>(method: M) => calls.filter((c) => c.method === method).map((c) => c.args as Args<M>),
    emit(event, payload) {
      for (const l of listeners.get(event) ?? []) l(payload);
    },
    listenerCount() {
      let n = 0;
      for (const s of listeners.values()) n += s.size;
      return n;
    },
  };
}

/** resolves after pending promise callbacks have run */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** a promise the test resolves or rejects by hand */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

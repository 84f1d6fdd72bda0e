/**
 * Ctrl-C must not wait for a 10 s timeout inside the page: work is raced against the command's signal,
 * and the owner's `finally` then closes the browser at once.
 */
export class AbortedError extends Error {
  override name = 'AbortedError';
  constructor() {
    super('interrupted');
  }
}

export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new AbortedError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
      (error: unknown) => { signal.removeEventListener('abort', onAbort); reject(error instanceof Error ? error : new Error(String(error))); },
    );
  });
}

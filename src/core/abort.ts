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

/**
 * Waits for `promise` at most `ms`: true if it settled (either way) in time. For shutdown steps that talk to a
 * renderer that may be hung or gone, where waiting for puppeteer's protocol timeout (a minute) is not an option.
 */
export function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    promise.then(done, done);
  });
}

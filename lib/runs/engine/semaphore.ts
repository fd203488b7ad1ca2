/** A counting semaphore: at most `size` holders at once, waiters served in order; resizable. */
export type Semaphore = {
  acquire(signal: AbortSignal): Promise<void>;
  release(): void;
  /** A new capacity: more lets waiters in now; fewer takes effect as holders release. */
  resize(size: number): void;
  readonly size: number;
  readonly held: number;
};

export function createSemaphore(initial: number): Semaphore {
  let size = initial;
  let held = 0;
  const waiting: (() => void)[] = [];
  const admit = () => {
    while (held < size && waiting.length > 0) {
      held++;
      waiting.shift()!();
    }
  };
  return {
    async acquire(signal: AbortSignal) {
      if (held < size && waiting.length === 0) {
        held++;
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const grant = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const index = waiting.indexOf(grant);
          if (index >= 0) waiting.splice(index, 1);
          reject(signal.reason);
        };
        waiting.push(grant);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    release() {
      held--;
      admit();
    },
    resize(next: number) {
      size = Math.max(1, next);
      admit();
    },
    get size() {
      return size;
    },
    get held() {
      return held;
    },
  };
}

/**
 * One writer at a time. Within a page a promise chain orders the writes; across tabs of the same
 * app the Web Locks API does (two open tabs share one IndexedDB), where the browser has it.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly name: string) {}

  run<T>(fn: () => Promise<T>): Promise<T> {
    const locks = typeof navigator !== "undefined" ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
    const task = () => (locks ? (locks.request(this.name, fn) as Promise<T>) : fn());
    const next = this.tail.then(task, task);
    // The chain goes on whether this task fails or not; the caller still sees its own failure.
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * Runs asynchronous tasks one after another, in call order, whatever their callers await: a
 * sink's `write` may be called several times without awaiting, and each batch must land after
 * the one before it, never interleaved with it. A task that fails does not stop the ones after
 * it; its caller gets the rejection.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` once every task queued before it has settled; settles as `task` does. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    const run = this.#tail.then(task);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every task queued so far has settled (never rejects). */
  async idle(): Promise<void> {
    await this.#tail;
  }
}

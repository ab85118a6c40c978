/**
 * Turns a batch operation into a per-item call: calls arriving while one batch runs wait for the
 * next, so a storm of n calls costs about n / maxBatch batches instead of n round trips. The
 * first batch also takes the calls of the current turn of the event loop. `run` answers one
 * result per item, in order; if it throws, every call of that batch rejects with its error.
 */
export function coalesce<Item, Result>(maxBatch: number, run: (items: Item[]) => Promise<Result[]>): (item: Item) => Promise<Result> {
  const waiting: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  let running = false;
  const drain = async () => {
    while (waiting.length > 0) {
      const batch = waiting.splice(0, maxBatch);
      try {
        const results = await run(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve(results[index]));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    running = false;
  };
  return (item) =>
    new Promise<Result>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (running) return;
      running = true;
      setImmediate(() => void drain());
    });
}

/** `coalesce` with one batch queue per key (e.g. per database handle), made on first use. */
export function coalescePerKey<Key extends object, Item, Result>(
  maxBatch: number,
  run: (key: Key, items: Item[]) => Promise<Result[]>,
): (key: Key) => (item: Item) => Promise<Result> {
  const byKey = new WeakMap<Key, (item: Item) => Promise<Result>>();
  return (key) => {
    let call = byKey.get(key);
    if (!call) {
      call = coalesce(maxBatch, (items: Item[]) => run(key, items));
      byKey.set(key, call);
    }
    return call;
  };
}

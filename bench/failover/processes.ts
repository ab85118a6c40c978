/** Every process the failover bench starts is registered here, so any exit path stops them all. */
type Stopper = () => Promise<void>;

const stoppers = new Set<Stopper>();

/** Registers `stop`; returns a function that runs it once and unregisters it. */
export function track(stop: Stopper): Stopper {
  let done = false;
  const once: Stopper = async () => {
    if (done) return;
    done = true;
    stoppers.delete(once);
    await stop();
  };
  stoppers.add(once);
  return once;
}

export async function stopAll(): Promise<void> {
  await Promise.allSettled([...stoppers].map((stop) => stop()));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a truthy value, or throws after `timeoutMs`. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * Group commit: callers submit one item each and await its own result, while the work runs on batches. A batch
 * starts as soon as the previous one ends, holding everything that arrived meanwhile, so under load the cost of
 * a database round trip or an HTTP call is shared by many requests, and at rest a lone item starts at once
 * (no timer, no added latency). The in-flight batch is transient per instance, not shared state: what must hold
 * across instances (one ledger row per event) is enforced by the database.
 */
export function createBatcher<I, O>(run: (items: I[]) => Promise<O[]>, maxItems: number) {
  let waiting: { item: I; resolve: (out: O) => void; reject: (error: unknown) => void }[] = []
  let running = false

  async function drain() {
    running = true
    while (waiting.length > 0) {
      const batch = waiting.slice(0, maxItems)
      waiting = waiting.slice(batch.length)
      try {
        const results = await run(batch.map((entry) => entry.item))
        batch.forEach((entry, i) => entry.resolve(results[i]!))
      } catch (error) {
        for (const entry of batch) entry.reject(error)
      }
    }
    running = false
  }

  return function submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject })
      if (!running) void drain()
    })
  }
}

/**
 * Group commit: callers submit one item each and await its own result, while the work runs on batches. A batch
 * starts as soon as a slot is free, holding everything that arrived meanwhile, so under load the cost of a
 * database round trip or an HTTP call is shared by many requests, and at rest a lone item starts at once (no
 * timer, no added latency). One batch at a time is the default because it batches best: measured with two at
 * once, throughput fell (docs/benchmarks.md), the gaps between batches being where the next batch fills.
 * A batch stuck on something slow (a hung hand-off) calls `release()` to give up its slot early, so the batches
 * behind it run; it still answers its own items when it ends.
 * The in-flight batches are transient per instance, not shared state: what must hold across instances (one
 * ledger row per event) is enforced by the database.
 */
export function createBatcher<I, O>(run: (items: I[], release: () => void) => Promise<O[]>, { maxItems, maxConcurrent }: { maxItems: number; maxConcurrent: number }) {
  const waiting: { item: I; resolve: (out: O) => void; reject: (error: unknown) => void }[] = []
  let inFlight = 0

  function pump() {
    while (waiting.length > 0 && inFlight < maxConcurrent) {
      const batch = waiting.splice(0, maxItems)
      inFlight++
      let released = false
      const release = () => {
        if (released) return
        released = true
        inFlight--
        pump()
      }
      run(batch.map((entry) => entry.item), release)
        .then(
          (results) => batch.forEach((entry, i) => entry.resolve(results[i]!)),
          (error: unknown) => batch.forEach((entry) => entry.reject(error)),
        )
        .finally(release)
    }
  }

  return function submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject })
      pump()
    })
  }
}

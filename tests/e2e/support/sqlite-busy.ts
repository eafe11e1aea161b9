// The e2e run has two processes writing one SQLite file: `next start`, and this test process (the worker that
// stands in for Inngest, and the catalog sync that stands in for `npm run stripe:sync`). Prisma's SQLite adapter
// opens transactions with a deferred BEGIN, and Prisma runs an upsert as read-then-write, so when the other process
// commits in between, SQLite answers SQLITE_BUSY(_SNAPSHOT) at once, which Prisma reports as P1008 "Operation has
// timed out" (measured: ~10% of upserts under a concurrent writer). Only that error is retried, and every retry
// is printed, so the run shows how often it happened; any other error fails at once.

const MAX_ATTEMPTS = 4

export function isSqliteBusy(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify(error)}` : JSON.stringify(error ?? null)
  return /P1008|SQLITE_BUSY|Operation has timed out/.test(text)
}

/**
 * Runs `attempt` again while it fails with an SQLite lock conflict, up to 4 attempts. Before each retry it waits
 * for `quiet` (the Stripe double's webhook queue to drain: the server's writes come from those deliveries).
 */
export async function retryOnSqliteBusy<T>(what: string, quiet: () => Promise<void>, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt()
    } catch (error) {
      if (!isSqliteBusy(error) || n >= MAX_ATTEMPTS) throw error
      console.warn(`e2e: ${what} hit an SQLite lock conflict with the other process (attempt ${n}); retrying`)
      await quiet()
      await new Promise((resolve) => setTimeout(resolve, 50 * n))
    }
  }
}

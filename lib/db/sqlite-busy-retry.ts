/**
 * better-sqlite3's Prisma adapter opens transactions with a plain (deferred) BEGIN, and Prisma runs an upsert as
 * read-then-write. When another *process* commits to the same file in between (the dev server and
 * `npm run stripe:sync`, say), SQLite answers SQLITE_BUSY_SNAPSHOT at once rather than waiting, which Prisma
 * reports as P1008. Retrying the whole operation is then correct and succeeds. PostgreSQL never needs this.
 */
export function isSqliteBusy(error: unknown): boolean {
  const text = error instanceof Error ? `${(error as { code?: unknown }).code ?? ''} ${error.message} ${String(error.cause ?? '')}` : String(error)
  return /P1008|SQLITE_BUSY|database is locked/.test(text)
}

export async function retryWhileBusy<T>(run: () => Promise<T>, attempts = 12): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (error) {
      if (attempt >= attempts || !isSqliteBusy(error)) throw error
      // Jittered, capped backoff: the two writers fall out of step within a few tries.
      await new Promise((resolve) => setTimeout(resolve, Math.min(5 * 2 ** attempt, 250) * (0.5 + Math.random())))
    }
  }
}

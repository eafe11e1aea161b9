import { describe, expect, it } from 'vitest'
import { testDialect } from '../support/test-database'

// docs/decisions/0038-sqlite-durability.md rests on these two settings of the app's own connection: the ledger's
// 2xx follows a WAL commit, which survives a crash of the process (not a power cut) at synchronous=NORMAL. They
// come from the migration (journal_mode) and better-sqlite3's build (DEFAULT_WAL_SYNCHRONOUS=1), so a dependency
// upgrade could change them silently; this says so if it does.
describe.runIf(testDialect() === 'sqlite')('SQLite durability settings', () => {
  it('runs the app’s connection in WAL mode with synchronous=NORMAL', async () => {
    const { db } = await import('@/lib/db')
    const [journal] = await db.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode')
    const [sync] = await db.$queryRawUnsafe<{ synchronous: bigint | number }[]>('PRAGMA synchronous')
    expect(journal?.journal_mode).toBe('wal')
    expect(Number(sync?.synchronous)).toBe(1)
  })
})

import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient as PostgresClient } from './generated/postgresql/client'
import { PrismaClient as SqliteClient } from './generated/sqlite/client'
import { databaseTarget } from './database-target'
import { retryWhileBusy } from './sqlite-busy-retry'

/**
 * The client type the app codes against. Both generated clients have the same models and methods;
 * the PostgreSQL one only adds options SQLite lacks (e.g. `mode: 'insensitive'`), which Tollgate avoids
 * so the same code runs on both, with one exception (docs/decisions/0001-two-databases.md).
 */
export type Db = InstanceType<typeof SqliteClient>

export function createDb(url: string): Db {
  const target = databaseTarget(url)
  if (target.dialect === 'postgresql') {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }) })
    return client as unknown as Db
  }
  // timeout: how long a writer waits for SQLite's lock before failing (better-sqlite3's busy timeout).
  const client = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: target.file, timeout: 10_000 }) })
  // Top-level operations are retried when another process won a write race (see sqlite-busy-retry.ts).
  return client.$extends({ query: { $allOperations: ({ args, query }) => retryWhileBusy(() => query(args)) } }) as unknown as Db
}

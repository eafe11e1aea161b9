// Fresh, migrated databases for tests: a temporary SQLite file by default, or a new PostgreSQL database
// on the server that TEST_DATABASE_URL names (CI runs the suite both ways).
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { migrate } from '@/lib/db/migrate'

export type TestDatabase = { url: string; dialect: 'sqlite' | 'postgresql'; drop(): Promise<void> }

export const testDialect = (): 'sqlite' | 'postgresql' => (process.env.TEST_DATABASE_URL ? 'postgresql' : 'sqlite')

/** An empty database (no tables); `createTestDatabase` also migrates it. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = `tollgate_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const server = process.env.TEST_DATABASE_URL
  if (!server) {
    const file = join(tmpdir(), `${name}.db`)
    return {
      url: `file:${file}`,
      dialect: 'sqlite',
      async drop() {
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true })
      },
    }
  }
  await withAdmin(server, (admin) => admin.query(`CREATE DATABASE "${name}"`))
  const url = new URL(server)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    dialect: 'postgresql',
    drop: () => withAdmin(server, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const database = await createEmptyDatabase()
  await migrate(database.url)
  return database
}

async function withAdmin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

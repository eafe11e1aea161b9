// Plain SQL against a test database, below Prisma: for migration tests, which need rows in tables of a schema
// older than the generated client.
import Database from 'better-sqlite3'
import pg from 'pg'
import { databaseTarget } from '@/lib/db/database-target'

export async function runSql(url: string, statements: readonly string[]): Promise<void> {
  const target = databaseTarget(url)
  if (target.dialect === 'sqlite') {
    const sqlite = new Database(target.file)
    try {
      for (const statement of statements) sqlite.exec(statement)
    } finally {
      sqlite.close()
    }
    return
  }
  const client = new pg.Client({ connectionString: target.url })
  await client.connect()
  try {
    for (const statement of statements) await client.query(statement)
  } finally {
    await client.end()
  }
}

export async function querySql<T>(url: string, sql: string): Promise<T[]> {
  const target = databaseTarget(url)
  if (target.dialect === 'sqlite') {
    const sqlite = new Database(target.file, { readonly: true })
    try {
      return sqlite.prepare(sql).all() as T[]
    } finally {
      sqlite.close()
    }
  }
  const client = new pg.Client({ connectionString: target.url })
  await client.connect()
  try {
    return (await client.query(sql)).rows as T[]
  } finally {
    await client.end()
  }
}

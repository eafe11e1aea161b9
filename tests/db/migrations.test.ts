import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate, MigrationError } from '@/lib/db/migrate'
import { columnsDeclaredIn, columnsIn } from '../support/schema-columns'
import { createEmptyDatabase, testDialect, type TestDatabase } from '../support/test-database'

const dialect = testDialect()
const committed = join(process.cwd(), 'prisma/migrations', dialect)
const committedNames = readdirSync(committed, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()

const databases: TestDatabase[] = []
async function emptyDatabase() {
  const database = await createEmptyDatabase()
  databases.push(database)
  return database
}
afterEach(async () => {
  await Promise.all(databases.splice(0).map((d) => d.drop()))
})

/** A writable copy of the committed migrations, to edit or extend in a test. */
function copyOfMigrations() {
  const folder = mkdtempSync(join(tmpdir(), 'tollgate-migrations-'))
  cpSync(committed, folder, { recursive: true })
  return folder
}
function addMigration(folder: string, name: string, sql: string) {
  mkdirSync(join(folder, name))
  writeFileSync(join(folder, name, 'migration.sql'), sql)
}

describe(`migrations on ${dialect}`, () => {
  it('applies every migration once; a second run applies nothing', async () => {
    const { url } = await emptyDatabase()
    expect((await migrate(url)).applied).toEqual(committedNames)
    expect((await migrate(url)).applied).toEqual([])
  })

  it('leaves exactly the tables and columns prisma/schema.prisma declares', async () => {
    const { url } = await emptyDatabase()
    await migrate(url)
    const { _prisma_migrations: bookkeeping, ...tables } = await columnsIn(url)
    expect(bookkeeping).toBeDefined()
    expect(tables).toEqual(columnsDeclaredIn(join(process.cwd(), 'prisma/schema.prisma')))
  })

  it('refuses an applied migration that was edited, and changes nothing', async () => {
    const { url } = await emptyDatabase()
    const folder = copyOfMigrations()
    await migrate(url, { migrationsFolder: folder })
    appendFileSync(join(folder, committedNames[0]!, 'migration.sql'), '\n-- an innocent-looking edit\n')
    addMigration(folder, '29990101000000_later', 'CREATE TABLE "Later" ("id" INTEGER PRIMARY KEY);')

    await expect(migrate(url, { migrationsFolder: folder })).rejects.toThrow(/was edited after it was applied/)
    expect(Object.keys(await columnsIn(url))).not.toContain('Later')
  })

  it('rolls a failing migration back whole and records nothing, so a fixed one applies later', async () => {
    const { url } = await emptyDatabase()
    const folder = copyOfMigrations()
    addMigration(folder, '29990101000000_broken', 'CREATE TABLE "Half" ("id" INTEGER PRIMARY KEY);\nSELECT * FROM "NoSuchTable";')

    await expect(migrate(url, { migrationsFolder: folder })).rejects.toThrow(MigrationError)
    expect(Object.keys(await columnsIn(url))).not.toContain('Half')

    writeFileSync(join(folder, '29990101000000_broken', 'migration.sql'), 'CREATE TABLE "Half" ("id" INTEGER PRIMARY KEY);')
    expect((await migrate(url, { migrationsFolder: folder })).applied).toEqual(['29990101000000_broken'])
  })

  it('two migrators started at once apply each migration once', async () => {
    const { url } = await emptyDatabase()
    const results = await Promise.all([migrate(url), migrate(url)])
    expect(results.flatMap((r) => r.applied).sort()).toEqual(committedNames)
  })
})

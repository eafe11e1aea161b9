import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate } from '@/lib/db/migrate'
import { readMigrationFiles } from '@/lib/db/migrate/migration-files'
import { DIALECTS, diffSchemas, isEmptyMigration, lastMigratedSchema, nextTimestamp, writeNextMigration } from '@/lib/db/schema-diff'
import { columnsDeclaredIn, columnsIn } from '../support/schema-columns'
import { createEmptyDatabase, testDialect, type TestDatabase } from '../support/test-database'

const repo = process.cwd()
const dialect = testDialect()
const databases: TestDatabase[] = []
afterEach(async () => {
  await Promise.all(databases.splice(0).map((d) => d.drop()))
})

/** A throwaway clone of the project's schema and migrations, committed, as a developer's checkout would be. */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'tollgate-db-migration-'))
  mkdirSync(join(root, 'prisma'))
  cpSync(join(repo, 'prisma/schema.prisma'), join(root, 'prisma/schema.prisma'))
  cpSync(join(repo, 'prisma/migrations'), join(root, 'prisma/migrations'), { recursive: true })
  commit(root, 'the project as cloned')
  return root
}
function commit(root: string, message: string) {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' })
  git('init', '-q')
  git('add', '-A')
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', message)
}

// A small change of each kind a migration usually holds: a new table with an index and a foreign key to an
// existing one, and a new nullable column on an existing table.
function changeSchema(root: string) {
  const file = join(root, 'prisma/schema.prisma')
  const schema = readFileSync(file, 'utf8')
    .replace(/(model User \{\n)/, '$1  timezone      String?\n  notes         Note[]\n')
  writeFileSync(
    file,
    `${schema}\n// ---------- test ----------\n\nmodel Note {\n  id        String   @id @default(cuid())\n  userId    String\n  body      String\n  createdAt DateTime @default(now())\n  user      User     @relation(fields: [userId], references: [id], onDelete: Cascade)\n\n  @@index([userId])\n}\n`,
  )
}

describe('npm run db:migration', () => {
  it('writes the SQL of a schema change for both databases, and the runner applies it to a database equal to the schema', async () => {
    const root = checkout()
    changeSchema(root)
    const stamp = nextTimestamp(root) // after every committed migration, whichever lands next
    const written = await writeNextMigration({ root, name: 'add_notes', timestamp: stamp, engine: 'wasm' })
    expect(written.map((m) => m.dialect)).toEqual([...DIALECTS])
    for (const migration of written) {
      expect(migration.folder).toBe(join(root, 'prisma/migrations', migration.dialect, `${stamp}_add_notes`))
      expect(readFileSync(join(migration.folder, 'migration.sql'), 'utf8')).toBe(migration.sql)
      expect(migration.sql).toContain('CREATE TABLE "Note"')
      expect(migration.sql).toContain('CREATE INDEX "Note_userId_idx"')
      expect(migration.sql).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"timezone" TEXT/)
    }
    const [sqlite, postgresql] = written.map((m) => m.sql)
    expect(sqlite).toContain('FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE')
    expect(postgresql).toContain('"createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP')
    expect(postgresql).toContain('ALTER TABLE "Note" ADD CONSTRAINT "Note_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE')

    const database = await createEmptyDatabase()
    databases.push(database)
    const result = await migrate(database.url, { migrationsFolder: join(root, 'prisma/migrations', dialect) })
    expect(result.applied.at(-1)).toBe(`${stamp}_add_notes`)
    const { _prisma_migrations: bookkeeping, ...tables } = await columnsIn(database.url)
    expect(bookkeeping).toBeDefined()
    expect(tables).toEqual(columnsDeclaredIn(join(root, 'prisma/schema.prisma')))
  })

  it('writes nothing when the schema has not changed since the last migration, and after it is committed', async () => {
    const root = checkout()
    expect(await writeNextMigration({ root, name: 'nothing', engine: 'wasm' })).toEqual([])
    changeSchema(root)
    expect(await writeNextMigration({ root, name: 'add_notes', engine: 'wasm' })).toHaveLength(2)
    commit(root, 'add notes')
    expect(await writeNextMigration({ root, name: 'again', engine: 'wasm' })).toEqual([])
  })

  it('dates a migration after every existing one, and refuses names that are not snake_case', async () => {
    const root = checkout()
    changeSchema(root)
    const [first] = await writeNextMigration({ root, name: 'add_notes', engine: 'wasm' })
    const stamp = first!.folder.split('/').pop()!.slice(0, 14)
    const names = DIALECTS.flatMap((d) => readMigrationFiles(join(root, 'prisma/migrations', d)).map((m) => m.name))
    expect(names).toContain(`${stamp}_add_notes`)
    expect(names.every((name) => name.slice(0, 14) <= stamp)).toBe(true)
    await expect(writeNextMigration({ root, name: 'Add Notes', engine: 'wasm' })).rejects.toThrow(/snake_case/)
  })

  it('the committed migrations already match prisma/schema.prisma on both databases', async () => {
    const schema = readFileSync(join(repo, 'prisma/schema.prisma'), 'utf8')
    for (const d of DIALECTS) {
      const sql = await diffSchemas(repo, lastMigratedSchema(repo), schema, d, 'wasm')
      expect(isEmptyMigration(sql), `${d}: the schema has changes no migration holds:\n${sql}`).toBe(true)
    }
  })
})

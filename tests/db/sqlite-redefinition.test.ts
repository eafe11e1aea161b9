import Database from 'better-sqlite3'
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { databaseTarget } from '@/lib/db/database-target'
import { migrate } from '@/lib/db/migrate'
import { createEmptyDatabase, testDialect } from '../support/test-database'

// Prisma writes many SQLite schema changes as "create new table, copy, drop old, rename". Dropping a parent
// table with foreign keys on deletes its children through ON DELETE CASCADE; the runner must prevent that.
const redefineUser = `PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY, "name" TEXT, "email" TEXT, "emailVerified" DATETIME, "image" TEXT,
    "activeOrganizationId" TEXT, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "updatedAt" DATETIME NOT NULL,
    "nickname" TEXT
);
INSERT INTO "new_User" ("id", "name", "email", "emailVerified", "image", "activeOrganizationId", "createdAt", "updatedAt")
  SELECT "id", "name", "email", "emailVerified", "image", "activeOrganizationId", "createdAt", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;`

describe.runIf(testDialect() === 'sqlite')('SQLite table redefinitions', () => {
  it('keep the rows of child tables', async () => {
    const database = await createEmptyDatabase()
    const folder = mkdtempSync(join(tmpdir(), 'tollgate-migrations-'))
    cpSync(join(process.cwd(), 'prisma/migrations/sqlite'), folder, { recursive: true })
    await migrate(database.url, { migrationsFolder: folder })
    const target = databaseTarget(database.url)
    if (target.dialect !== 'sqlite') throw new Error('expected a SQLite test database')

    const sqlite = new Database(target.file)
    sqlite.prepare(`INSERT INTO "User" (id, email, updatedAt) VALUES ('u1', 'a@example.com', 0)`).run()
    sqlite.prepare(`INSERT INTO "Session" (id, sessionToken, userId, expires) VALUES ('s1', 't1', 'u1', 0)`).run()
    sqlite.close()

    mkdirSync(join(folder, '29990101000000_redefine_user'))
    writeFileSync(join(folder, '29990101000000_redefine_user', 'migration.sql'), redefineUser)
    expect((await migrate(database.url, { migrationsFolder: folder })).applied).toEqual(['29990101000000_redefine_user'])

    const after = new Database(target.file, { readonly: true })
    expect(after.prepare('SELECT count(*) AS n FROM "Session"').get()).toEqual({ n: 1 })
    after.close()
    await database.drop()
  })
})

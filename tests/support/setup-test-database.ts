// Runs before each test file, in that file's own process: points DATABASE_URL at a new, migrated database
// before any app module reads it, and removes the database when the file's tests are done.
import { afterAll } from 'vitest'
import type { Db } from '@/lib/db/create-client'
import { createTestDatabase } from './test-database'

const database = await createTestDatabase()
process.env.DATABASE_URL = database.url

afterAll(async () => {
  await (globalThis as { tollgateDb?: Db }).tollgateDb?.$disconnect()
  await database.drop()
})

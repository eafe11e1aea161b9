import 'server-only'
import { env } from '@/lib/env'
import { createDb, type Db } from './create-client'

export type { Db } from './create-client'

// One client per process: `next dev` re-evaluates modules on every edit, and two SQLite clients on one
// file in one process stall each other, so the client lives on globalThis rather than in this module.
const holder = globalThis as typeof globalThis & { tollgateDb?: Db }

export const db: Db = (holder.tollgateDb ??= createDb(env().DATABASE_URL))

// Tagged SQL for the few hot paths that skip Prisma's query compiler (it is dialect-neutral: the driver adapter
// renders placeholders as `?` on SQLite and `$n` on PostgreSQL). Keep such SQL to syntax both databases share.
export { join, sql } from './generated/sqlite/internal/prismaNamespace'

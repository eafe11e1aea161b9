import 'server-only'
import { db } from '@/lib/db'
import { join, sql } from '@/lib/db/sql'
import type { LedgerStatus } from './ledger'
import { LEDGER_STATUSES, type LedgerCursor, type LedgerFilters } from './ledger-query'

// The operator console's reads of the webhook ledger. Every query is shaped to be an index range scan on a ledger of
// millions of rows (docs/decisions/0032-ledger-filters-and-indexes.md; measured by `npm run bench:ledger`).

export const LEDGER_PAGE_SIZE = 50
/** Counts per status stop here and show "10,000+" (docs/decisions/0033-capped-status-counts.md). */
export const STATUS_COUNT_CAP = 10_000

type Where = NonNullable<NonNullable<Parameters<typeof db.stripeEvent.findMany>[0]>['where']>

/**
 * The ledger's `where` for these filters, or null when they cannot match anything (an organization with no Stripe
 * customer, or one whose customer is not the `customer` asked for). An organization is looked up once and becomes
 * its Stripe customer id, so filtering by organization uses the customer index.
 */
export async function ledgerWhere(filters: LedgerFilters): Promise<Where | null> {
  const customerId = await ledgerCustomer(filters)
  if (customerId === null) return null
  return {
    ...(filters.eventId ? { id: filters.eventId } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(customerId ? { customerId } : {}),
    ...(filters.versionMismatch ? { versionMismatch: true } : {}),
    ...(filters.from || filters.toExclusive ? { receivedAt: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.toExclusive ? { lt: filters.toExclusive } : {}) } } : {}),
  }
}

/** The customer the filters name (an organization's, looked up), undefined for any, or null when nothing can match. */
async function ledgerCustomer(filters: LedgerFilters): Promise<string | undefined | null> {
  if (!filters.organizationId) return filters.customerId
  const organization = await db.organization.findUnique({ where: { id: filters.organizationId }, select: { stripeCustomerId: true } })
  if (!organization?.stripeCustomerId || (filters.customerId && filters.customerId !== organization.stripeCustomerId)) return null
  return organization.stripeCustomerId
}

/** After the cursor row in (receivedAt desc, id desc) order, written as a range the indexes can seek to. */
function after(cursor: LedgerCursor): Where {
  return { AND: [{ receivedAt: { lte: cursor.receivedAt } }, { NOT: { receivedAt: cursor.receivedAt, id: { gte: cursor.id } } }] }
}

export type LedgerRow = Awaited<ReturnType<typeof listLedgerEvents>>['events'][number]

/** One page, newest first; `next` is the cursor of the page after it, or null on the last page. */
export async function listLedgerEvents(filters: LedgerFilters, cursor: LedgerCursor | null, take = LEDGER_PAGE_SIZE) {
  const where = await ledgerWhere(filters)
  if (!where) return { events: [], next: null }
  const rows = await db.stripeEvent.findMany({
    where: cursor ? { AND: [where, after(cursor)] } : where,
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    take: take + 1,
    select: { id: true, type: true, status: true, customerId: true, attempts: true, autoRetries: true, receivedAt: true, stripeCreatedAt: true, lastError: true },
  })
  const events = rows.slice(0, take)
  const last = events.at(-1)
  return { events, next: rows.length > take && last ? { receivedAt: last.receivedAt, id: last.id } : null }
}

/**
 * How many events of each status match the other filters, each counted up to `STATUS_COUNT_CAP + 1` rows so no count
 * reads more than that many index entries, however large the ledger. Raw SQL because Prisma's `count({ take })`
 * orders the capped subquery, which sorts every match before the limit applies.
 */
export async function countLedgerStatuses(filters: LedgerFilters): Promise<Record<LedgerStatus, number>> {
  const customerId = await ledgerCustomer(filters)
  const none = Object.fromEntries(LEDGER_STATUSES.map((status) => [status, 0])) as Record<LedgerStatus, number>
  if (customerId === null) return none
  const shared = [
    filters.eventId ? sql`"id" = ${filters.eventId}` : null,
    filters.type ? sql`"type" = ${filters.type}` : null,
    customerId ? sql`"customerId" = ${customerId}` : null,
    filters.versionMismatch ? sql`"versionMismatch" = ${true}` : null,
    filters.from ? sql`"receivedAt" >= ${filters.from}` : null,
    filters.toExclusive ? sql`"receivedAt" < ${filters.toExclusive}` : null,
  ].filter((condition) => condition !== null)
  const counts = await Promise.all(
    LEDGER_STATUSES.map(async (status) => {
      const where = join([sql`"status" = ${status}`, ...shared], ' AND ')
      const [row] = await db.$queryRaw<{ n: number | bigint }[]>(sql`SELECT COUNT(*) AS n FROM (SELECT 1 FROM "StripeEvent" WHERE ${where} LIMIT ${STATUS_COUNT_CAP + 1}) AS capped`)
      return Number(row?.n ?? 0)
    }),
  )
  return Object.fromEntries(LEDGER_STATUSES.map((status, index) => [status, counts[index]!])) as Record<LedgerStatus, number>
}

/** One event with everything its page shows. */
export function findLedgerEvent(id: string) {
  return db.stripeEvent.findUnique({ where: { id } })
}

import 'server-only'
import { randomUUID } from 'node:crypto'
import { createBatcher } from '@/lib/batcher'
import { db, type Db } from '@/lib/db'
import { join, sql } from '@/lib/db/sql'
import { retryWhileBusy } from '@/lib/db/sqlite-busy-retry'
import type { Allowance } from './meters'
import type { UsagePeriod } from './period'
import { usageContext } from './usage-context'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

export type RecordUsageOptions = {
  /** Your name for this use (a request id, a job id, an idempotency key): recording it again counts it once. */
  identifier?: string
  /** When it happened; now by default. Ignored where it falls outside the current period. */
  timestamp?: Date
}

type Measured = { used: number; allowance: Allowance | null; period: UsagePeriod }

export type UsageRecord =
  | ({ outcome: 'recorded' | 'duplicate'; identifier: string } & Measured)
  /** limit_reached: a hard cap would be passed; not_in_plan: the organization's plan does not offer this meter. */
  | ({ outcome: 'refused'; reason: 'limit_reached' | 'not_in_plan'; identifier: string } & Measured)

/** Identifiers the caller chooses; Stripe sees a hash of (organization, meter, identifier), never this text. */
export const MAX_IDENTIFIER_LENGTH = 200

/** One use waiting for its batch: everything the write needs, decided from the context read before it queued. */
type PendingUse = {
  organizationId: string
  meterKey: string
  identifier: string
  value: number
  occurredAt: Date
  allowance: Allowance
  period: UsagePeriod
  status: 'pending' | 'local'
}

/**
 * Records `value` units of a meter for an organization, in the database only (no Stripe call on the request path):
 * the event row (sent to Stripe later by inngest/usage/send-usage-events.ts) and the period's running total. The
 * plan and period are read per call; the writes are group-committed (recordBatch): every use that arrived while the
 * previous batch was writing goes in one transaction, so 32 concurrent requests share a handful of round trips
 * instead of queueing one transaction each on the organization's one total row (decision 0069). Under a hard cap,
 * the total is read under its row lock inside that transaction, so of any number of concurrent uses, on any number
 * of instances, exactly those that fit are recorded, in arrival order; a refused use leaves no row. The same
 * identifier recorded twice counts once (`duplicate`). Soft caps always record; the use past the allowance is billed
 * as overage by the meter's price.
 */
export async function recordUsage(organizationId: string, meterKey: string, value: number, options: RecordUsageOptions = {}): Promise<UsageRecord> {
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`recordUsage: value must be a positive whole number (Stripe meters take whole numbers), got ${value}`)
  const identifier = options.identifier ?? randomUUID()
  if (identifier.length === 0 || identifier.length > MAX_IDENTIFIER_LENGTH) throw new Error(`recordUsage: identifier must be 1 to ${MAX_IDENTIFIER_LENGTH} characters`)
  const context = await usageContext(organizationId, meterKey, options.timestamp ?? new Date())
  const { allowance, period } = context
  if (!allowance) return { outcome: 'refused', reason: 'not_in_plan', identifier, used: await usedIn(db, organizationId, meterKey, period), allowance, period }
  const occurredAt = options.timestamp && options.timestamp >= period.start && options.timestamp < period.end ? options.timestamp : context.occurredAt
  return submit({ organizationId, meterKey, identifier, value, occurredAt, allowance, period, status: context.billed ? 'pending' : 'local' })
}

// One batch at a time per instance: on SQLite there is one writer anyway, and on PostgreSQL the batches of one
// organization would only queue on its total's row lock. 50 uses × 10 columns stays under SQLite's bound-parameter
// limit in one INSERT.
const submit = createBatcher(recordBatch, { maxItems: 50, maxConcurrent: 1 })

const groupOf = (use: Pick<PendingUse, 'organizationId' | 'meterKey' | 'period'>) => `${use.organizationId}\u0000${use.meterKey}\u0000${use.period.start.toISOString()}`
const keyOf = (use: Pick<PendingUse, 'organizationId' | 'meterKey' | 'identifier'>) => `${use.organizationId}\u0000${use.meterKey}\u0000${use.identifier}`

/**
 * Writes a batch of uses in one transaction, each caller getting its own outcome; if the transaction fails, every
 * caller in it is rejected and nothing of it is written. A later use with the same identifier as an earlier one in
 * the same batch waits for the next batch, where it finds the first one's row (duplicate) or, if that one was
 * refused, is tried on its own, exactly as one after the other.
 */
async function recordBatch(uses: PendingUse[], release: () => void): Promise<UsageRecord[]> {
  const seen = new Set<string>()
  const now: number[] = []
  const later: number[] = []
  uses.forEach((use, i) => {
    const key = keyOf(use)
    ;(seen.has(key) ? later : now).push(i)
    seen.add(key)
  })
  const results: UsageRecord[] = new Array(uses.length)
  const written = await retryWhileBusy(() => db.$transaction((tx) => writeUses(tx, now.map((i) => uses[i]!)), { maxWait: 15_000, timeout: 15_000 }))
  now.forEach((i, j) => (results[i] = written[j]!))
  if (later.length > 0) {
    release() // the next batch may start: the repeats go in it
    const repeated = await Promise.all(later.map((i) => submit(uses[i]!)))
    later.forEach((i, j) => (results[i] = repeated[j]!))
  }
  return results
}

/** The uses have distinct identifiers. Returns their outcomes in order. */
async function writeUses(tx: Tx, uses: PendingUse[]): Promise<UsageRecord[]> {
  // 1. Lock each (organization, meter, period) total, creating it if new, and read it. The upsert's no-op update
  // takes PostgreSQL's row lock, so a concurrent batch on another instance waits here until this one commits and
  // then reads what it wrote; SQLite has one writer. Sorted, so two batches never lock in opposite orders.
  const groups = new Map<string, { first: PendingUse; used: number; added: number }>()
  for (const use of uses) if (!groups.has(groupOf(use))) groups.set(groupOf(use), { first: use, used: 0, added: 0 })
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key)!
    const { organizationId, meterKey, period } = group.first
    const [row] = await tx.$queryRaw<{ used: number | bigint }[]>(sql`
      INSERT INTO "UsageTotal" ("organizationId", "meterKey", "periodStart", "periodEnd", "used", "updatedAt")
      VALUES (${organizationId}, ${meterKey}, ${period.start}, ${period.end}, 0, ${new Date()})
      ON CONFLICT ("organizationId", "meterKey", "periodStart") DO UPDATE SET "used" = "UsageTotal"."used"
      RETURNING "used"`)
    group.used = Number(row!.used)
  }

  // 2. The events: a row that already exists (the same identifier, recorded before) is a duplicate.
  const ids = uses.map(() => randomUUID())
  const createdAt = new Date()
  const inserted = await tx.$queryRaw<{ id: string }[]>(sql`
    INSERT INTO "UsageEvent" ("id", "organizationId", "meterKey", "identifier", "value", "occurredAt", "periodStart", "status", "attempts", "createdAt")
    VALUES ${join(uses.map((use, i) => sql`(${ids[i]}, ${use.organizationId}, ${use.meterKey}, ${use.identifier}, ${use.value}, ${use.occurredAt}, ${use.period.start}, ${use.status}, 0, ${createdAt})`))}
    ON CONFLICT ("organizationId", "meterKey", "identifier") DO NOTHING
    RETURNING "id"`)
  const isNew = new Set(inserted.map((row) => row.id))

  // 3. In arrival order, each new use either fits (the running total grows) or is refused (its row goes).
  const refused: string[] = []
  const outcomes = uses.map((use, i): UsageRecord => {
    const group = groups.get(groupOf(use))!
    const measured = (): Measured => ({ used: group.used + group.added, allowance: use.allowance, period: use.period })
    if (!isNew.has(ids[i]!)) return { outcome: 'duplicate', identifier: use.identifier, ...measured() }
    const limit = use.allowance.limit
    if (limit !== null && group.used + group.added + use.value > limit) {
      refused.push(ids[i]!)
      return { outcome: 'refused', reason: 'limit_reached', identifier: use.identifier, ...measured() }
    }
    group.added += use.value
    return { outcome: 'recorded', identifier: use.identifier, ...measured() }
  })
  // A refused use's own outcome reports the total as it stood then; by commit, later uses may have added to it.
  for (const group of groups.values()) {
    if (group.added === 0) continue
    const { organizationId, meterKey, period } = group.first
    await tx.$executeRaw(sql`
      UPDATE "UsageTotal" SET "used" = "used" + ${group.added}, "updatedAt" = ${new Date()}
      WHERE "organizationId" = ${organizationId} AND "meterKey" = ${meterKey} AND "periodStart" = ${period.start}`)
  }
  if (refused.length > 0) await tx.$executeRaw(sql`DELETE FROM "UsageEvent" WHERE "id" IN (${join(refused)})`)
  return outcomes
}

export async function usedIn(client: Db | Tx, organizationId: string, meterKey: string, period: Pick<UsagePeriod, 'start'>): Promise<number> {
  const total = await client.usageTotal.findUnique({
    where: { organizationId_meterKey_periodStart: { organizationId, meterKey, periodStart: period.start } },
    select: { used: true },
  })
  return total?.used ?? 0
}

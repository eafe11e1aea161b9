import 'server-only'
import { randomUUID } from 'node:crypto'
import { db, type Db } from '@/lib/db'
import { sql } from '@/lib/db/sql'
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

class Refused extends Error {}

/**
 * Records `value` units of a meter for an organization, in the database only (no Stripe call on the request path):
 * the event row (sent to Stripe later by inngest/usage/send-usage-events.ts) and the period's running total, in one
 * transaction. Under a hard cap, the total grows only by a conditional UPDATE (`used + value <= limit`), so of any
 * number of concurrent uses, on any number of instances, exactly those that fit are recorded; a refused use leaves
 * no row. The same identifier recorded twice counts once (`duplicate`). Soft caps always record; the use past the
 * allowance is billed as overage by the meter's price.
 */
export async function recordUsage(organizationId: string, meterKey: string, value: number, options: RecordUsageOptions = {}): Promise<UsageRecord> {
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`recordUsage: value must be a positive whole number (Stripe meters take whole numbers), got ${value}`)
  const identifier = options.identifier ?? randomUUID()
  if (identifier.length === 0 || identifier.length > MAX_IDENTIFIER_LENGTH) throw new Error(`recordUsage: identifier must be 1 to ${MAX_IDENTIFIER_LENGTH} characters`)
  const context = await usageContext(organizationId, meterKey, options.timestamp ?? new Date())
  const { allowance, period } = context
  const measured = (used: number): Measured => ({ used, allowance, period })
  if (!allowance) return { outcome: 'refused', reason: 'not_in_plan', identifier, ...measured(await usedIn(db, organizationId, meterKey, period)) }

  const occurredAt = options.timestamp && options.timestamp >= period.start && options.timestamp < period.end ? options.timestamp : context.occurredAt
  try {
    return await retryWhileBusy(() =>
      db.$transaction(
        async (tx) => {
          const inserted = await tx.$executeRaw(sql`
            INSERT INTO "UsageEvent" ("id", "organizationId", "meterKey", "identifier", "value", "occurredAt", "periodStart", "status", "attempts", "createdAt")
            VALUES (${randomUUID()}, ${organizationId}, ${meterKey}, ${identifier}, ${value}, ${occurredAt}, ${period.start}, ${context.billed ? 'pending' : 'local'}, 0, ${new Date()})
            ON CONFLICT ("organizationId", "meterKey", "identifier") DO NOTHING`)
          if (inserted === 0) return { outcome: 'duplicate' as const, identifier, ...measured(await usedIn(tx, organizationId, meterKey, period)) }
          await tx.$executeRaw(sql`
            INSERT INTO "UsageTotal" ("organizationId", "meterKey", "periodStart", "periodEnd", "used", "updatedAt")
            VALUES (${organizationId}, ${meterKey}, ${period.start}, ${period.end}, 0, ${new Date()})
            ON CONFLICT ("organizationId", "meterKey", "periodStart") DO NOTHING`)
          const ceiling = allowance.limit === null ? {} : { used: { lte: allowance.limit - value } }
          const { count } = await tx.usageTotal.updateMany({
            where: { organizationId, meterKey, periodStart: period.start, ...ceiling },
            data: { used: { increment: value } },
          })
          if (count === 0) throw new Refused() // rolls the event back: a refused use leaves no trace
          return { outcome: 'recorded' as const, identifier, ...measured(await usedIn(tx, organizationId, meterKey, period)) }
        },
        // A burst of uses queues on SQLite's one writer; the default 2 s wait for a turn is too short for that.
        { maxWait: 15_000, timeout: 15_000 },
      ),
    )
  } catch (error) {
    if (!(error instanceof Refused)) throw error
    return { outcome: 'refused', reason: 'limit_reached', identifier, ...measured(await usedIn(db, organizationId, meterKey, period)) }
  }
}

export async function usedIn(client: Db | Tx, organizationId: string, meterKey: string, period: Pick<UsagePeriod, 'start'>): Promise<number> {
  const total = await client.usageTotal.findUnique({
    where: { organizationId_meterKey_periodStart: { organizationId, meterKey, periodStart: period.start } },
    select: { used: true },
  })
  return total?.used ?? 0
}

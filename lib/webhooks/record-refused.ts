import 'server-only'
import { createHash } from 'node:crypto'
import { db } from '@/lib/db'
import { sql } from '@/lib/db/sql'

/**
 * Records a signed body the route refused (not JSON, or not an event the ledger can hold) as a `refused` row, so it
 * shows in the operator console instead of vanishing in a log: a signed body comes from Stripe, or from whoever holds
 * the endpoint's secret, and one the app cannot read means a misconfigured endpoint (thin events sent to this
 * endpoint, say) or a leaked secret. Kept under the event's id when it has a usable one, else under a hash of the
 * body, so Stripe's retries of it leave one row. Off the hot path: only refused bodies come here.
 */
export async function recordRefusedEvent(payload: string, reason: string, receivedAt = new Date()): Promise<void> {
  const parsed = parseObject(payload)
  const id = typeof parsed.id === 'string' && /^evt_\w{1,250}$/.test(parsed.id) ? parsed.id : `refused_${createHash('sha256').update(payload).digest('hex').slice(0, 32)}`
  const type = typeof parsed.type === 'string' && /^[\w.-]{1,200}$/.test(parsed.type) ? parsed.type : '(unreadable)'
  const livemode = parsed.livemode === true
  const apiVersion = typeof parsed.api_version === 'string' && /^[\w.-]{1,64}$/.test(parsed.api_version) ? parsed.api_version : null
  // PostgreSQL's text holds no NUL; a body that is not JSON may contain one.
  const stored = payload.replaceAll('\u0000', '\ufffd')
  try {
    await db.$executeRaw(sql`
      INSERT INTO "StripeEvent" ("id", "type", "livemode", "apiVersion", "status", "attempts", "payload", "stripeCreatedAt", "receivedAt", "lastError")
      VALUES (${id}, ${type}, ${livemode}, ${apiVersion}, 'refused', 0, ${stored}, ${receivedAt}, ${receivedAt}, ${reason.slice(0, 2000)})
      ON CONFLICT ("id") DO NOTHING`)
  } catch (error) {
    // The refusal stands whatever the ledger says: the answer is a 4xx either way.
    console.error(`stripe webhook: could not record refused event ${id}`, error)
  }
}

function parseObject(payload: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(payload)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {}
  } catch {
    return {}
  }
}

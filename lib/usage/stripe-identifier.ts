import { createHash } from 'node:crypto'

/**
 * The meter event's `identifier` at Stripe for a use: Stripe dedupes on it ("We will enforce uniqueness within a
 * rolling period of at least 24 hours", max 100 characters, https://docs.stripe.com/api/billing/meter-event/create),
 * across the whole account, so it names the organization and meter as well as the caller's identifier. Derived,
 * not stored: every send of the same row, from any instance, carries the same one.
 */
export function stripeIdentifierOf(event: { organizationId: string; meterKey: string; identifier: string }): string {
  const digest = createHash('sha256').update(`${event.organizationId}\0${event.meterKey}\0${event.identifier}`).digest('base64url')
  return `tg_${digest}`
}

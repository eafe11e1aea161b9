import 'server-only'
import type Stripe from 'stripe'
import { db } from '@/lib/db'
import { STRIPE_API_VERSION } from '@/lib/stripe/client'

/** Whether an event's payload has the shape the pinned SDK types describe, so a handler may read it as it is. */
export const isPinnedVersion = (event: Pick<Stripe.Event, 'api_version'>): boolean => event.api_version === STRIPE_API_VERSION

/**
 * What the ledger's `versionMismatch` records when the route receives the event: rendered in a known version other
 * than the one pinned now. An event without `api_version` is not flagged: there is nothing to compare.
 */
export const isVersionMismatch = (event: Pick<Stripe.Event, 'api_version'>): boolean => Boolean(event.api_version) && event.api_version !== STRIPE_API_VERSION

/**
 * Warns when an event was rendered for another API version than the one this app pins: its payload may have
 * another shape (handlers that read it re-read the object through the pinned SDK, so processing stays right).
 * Once per version across every instance: only the earliest ledger row with that version logs, decided from the
 * database, not from process memory. The flagged rows are few and indexed ([versionMismatch, receivedAt, apiVersion]), so
 * this reads them in order instead of scanning the ledger for the version.
 */
export async function warnOnApiVersionMismatch(event: Stripe.Event): Promise<boolean> {
  const version = event.api_version
  if (!version || version === STRIPE_API_VERSION) return false
  const first = await db.stripeEvent.findFirst({ where: { versionMismatch: true, apiVersion: version }, orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }], select: { id: true } })
  if (first?.id !== event.id) return false
  console.warn(
    `stripe webhook: events arrive in API version ${version}, this app pins ${STRIPE_API_VERSION}. ` +
      'They are still processed (handlers re-read objects in the pinned version), but align the endpoint: `npm run stripe:events` explains how; ' +
      'the operator console’s health page counts them.',
  )
  return true
}

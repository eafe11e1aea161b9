/**
 * The Inngest events lib sends, by name. lib declares them and sends them (lib/inngest/client.ts); the functions
 * that run on them live in inngest/ and import the names from here, so no arrow runs from lib up to inngest/.
 */

/** A verified Stripe event handed to Inngest: `stripe/<type>`, with the Stripe event (or its ledger reference) as data. */
export const stripeInngestEventName = (type: string) => `stripe/${type}`

/** A membership change: the organization's seat quantity must follow its members (inngest/sync-organization-seats.ts). */
export const SEATS_CHANGED = 'tollgate/organization.seats-changed'
export type SeatsChangedData = { organizationId: string }

import 'server-only'
import { db } from '@/lib/db'

/**
 * The organization a Stripe object names. Objects this app creates carry `metadata.organizationId` (and the
 * organization id as a Checkout Session's client_reference_id); objects made before organizations carry only
 * `metadata.userId` (or the user id as client_reference_id), which resolve to that user's personal
 * organization, where the migration moved their billing.
 */
export async function organizationForStripeReference(reference: { organizationId?: string | null; userId?: string | null }): Promise<string | null> {
  if (reference.organizationId) {
    const organization = await db.organization.findUnique({ where: { id: reference.organizationId }, select: { id: true } })
    if (organization) return organization.id
  }
  if (reference.userId) {
    const personal = await db.organization.findUnique({ where: { personalOwnerId: reference.userId }, select: { id: true } })
    if (personal) return personal.id
  }
  return null
}

/** A Checkout Session's client_reference_id: an organization id now, a user id on sessions opened before. */
export const organizationForClientReference = (reference: string | null | undefined) =>
  reference ? organizationForStripeReference({ organizationId: reference, userId: reference }) : Promise.resolve(null)

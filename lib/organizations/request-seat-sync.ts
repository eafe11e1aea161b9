import { randomUUID } from 'node:crypto'
import { inngest } from '@/lib/inngest/client'
import { SEATS_CHANGED, type SeatsChangedData } from '@/lib/inngest/events'

/**
 * Asks for the organization's seat quantity to be brought in line with its members. If Inngest cannot be reached
 * the membership change still stands (it is committed), and the hourly reconciliation repairs the quantity
 * (reconcileSeatQuantity), so the failure is logged rather than shown to the person who changed the members.
 */
export async function requestSeatSync(organizationId: string): Promise<void> {
  try {
    const data: SeatsChangedData = { organizationId }
    // Its own id, so Inngest drops none of them; the function's debounce turns a burst into one run (with the last).
    await inngest.send({ id: `seats:${organizationId}:${randomUUID()}`, name: SEATS_CHANGED, data })
  } catch (error) {
    console.error(`seats: could not ask Inngest to sync organization ${organizationId}; reconciliation will`, error)
  }
}

// Which clock an object lives on. A customer created with `test_clock` belongs to that clock, and so does everything
// of it: its subscriptions, invoices, invoice items and schedules carry `test_clock`, and its sessions, payment
// methods and payments are made on the clock's time ("Time at which all objects belonging to this clock are frozen",
// https://docs.stripe.com/api/test_clocks/object#test_clock_object-frozen_time). The door and the pages use this to
// run each request on the time of the objects it names (decision 0048).
import type { Core } from './core'

type Ref = string | { id: string } | null | undefined

const idOf = (ref: Ref): string | null => (ref === null || ref === undefined ? null : typeof ref === 'string' ? ref : ref.id)

/** The test clock of a customer, or null for a customer on the account's time (or one the account does not hold). */
export function clockOfCustomer(core: Core, customer: Ref): string | null {
  const id = idOf(customer)
  return id === null ? null : idOf(core.customers.get(id)?.test_clock)
}

/** The test clock of any object the account holds by id, or null. */
export function clockOfObject(core: Core, id: string): string | null {
  const customer = core.customers.get(id)
  if (customer) return idOf(customer.test_clock)
  const carrier = core.subscriptions.get(id) ?? core.invoices.get(id) ?? core.invoiceItems.get(id) ?? core.subscriptionSchedules.get(id)
  if (carrier) return idOf(carrier.test_clock)
  const owned = core.checkoutSessions.get(id) ?? core.portalSessions.get(id) ?? core.paymentMethods.get(id) ?? core.paymentIntents.get(id) ?? core.creditNotes.get(id)
  return owned ? clockOfCustomer(core, owned.customer) : null
}

/** The parameters that name the object a request is about, beside the ids in its path. */
const NAMING_PARAMS = ['customer', 'subscription', 'invoice', 'from_subscription'] as const

/**
 * The clock a request (or a hosted page) acts on: that of the first object its path or its parameters name, or the
 * `test_clock` it asks a new customer to join. Null: the account's own time.
 */
export function clockOfRequest(core: Core, path: string, params: Record<string, unknown>): string | null {
  const requested = params.test_clock
  if (typeof requested === 'string' && core.testClocks.has(requested)) return requested
  const candidates = [...path.split('/').map((segment) => decodeSegment(segment)), ...NAMING_PARAMS.map((name) => params[name])]
  for (const candidate of candidates) {
    if (typeof candidate !== 'string' || candidate === '') continue
    const clock = clockOfObject(core, candidate)
    if (clock !== null) return clock
  }
  return null
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

// The double's in-memory Stripe account: every object map, the event log, and the hooks resources share.
import type Stripe from 'stripe'
import { buildEvent } from './events'
import { toWire } from './wire'

export type EventRequest = Stripe.Event.Request

/** How a customer's saved card answers the next charge the API makes (a plan change): `double.setCard`. */
export type CardOutcome = 'succeeds' | 'declined' | 'requires_action'

export type LineItemRef = { id: string; price: string; quantity: number }

/** One request the door answered, in arrival order (`double.requests`). */
export type RequestRecord = {
  method: string
  path: string
  params: Record<string, unknown>
  idempotencyKey: string | null
  status: number
}

/**
 * Work Stripe does on its own clock at a given time (core/scheduled-work.ts): plain data, so the dev sandbox saves it
 * with the account and a restart keeps it. `kind` names the runner registered for it, `subject` the object it is
 * about (an invoice, a session); `data` is whatever else the runner needs.
 */
export type ScheduledWork = {
  id: string
  /** When it is due, on the account's clock (Unix seconds). */
  at: number
  kind: string
  subject: string
  data: Record<string, string | number | boolean | null>
}

/** Does one piece of scheduled work; registered per kind by the module that schedules it (registerWork). */
export type WorkRunner = (core: Core, work: ScheduledWork) => void

export class Core {
  readonly customers = new Map<string, Stripe.Customer>()
  readonly products = new Map<string, Stripe.Product>()
  readonly prices = new Map<string, Stripe.Price>()
  readonly subscriptions = new Map<string, Stripe.Subscription>()
  readonly subscriptionSchedules = new Map<string, Stripe.SubscriptionSchedule>()
  /** Customers whose card does not simply succeed, by customer id. */
  readonly cards = new Map<string, CardOutcome>()
  readonly checkoutSessions = new Map<string, Stripe.Checkout.Session>()
  readonly invoices = new Map<string, Stripe.Invoice>()
  /** Invoice items: prorations waiting for the next invoice, or billed on one (resources/invoice-items.ts). */
  readonly invoiceItems = new Map<string, Stripe.InvoiceItem>()
  readonly portalSessions = new Map<string, Stripe.BillingPortal.Session>()
  readonly portalConfigurations = new Map<string, Stripe.BillingPortal.Configuration>()
  readonly creditNotes = new Map<string, Stripe.CreditNote>()
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>()
  /** The payment of each invoice (one per invoice here), by invoice id; returned as `invoice.payments` when expanded. */
  readonly invoicePayments = new Map<string, Stripe.InvoicePayment>()
  /** Ids of deleted customers: retrieving one answers `deleted: true` (flows/customer-delete.ts). */
  readonly deletedCustomers = new Set<string>()
  /** Checkout keeps line items off the session object (they are only returned when expanded). */
  readonly sessionLineItems = new Map<string, LineItemRef[]>()
  /** Checkout's `subscription_data`, applied when the session completes. */
  readonly sessionSubscriptionData = new Map<string, { trialDays: number | null; metadata: Stripe.Metadata }>()
  /** Fields Stripe leaves out unless expanded, keyed `${object}.${field}` (e.g. `checkout.session.line_items`). */
  readonly virtualFields = new Map<string, (owner: Record<string, unknown>) => unknown>()
  readonly events: Stripe.Event[] = []
  readonly requests: RequestRecord[] = []
  /** Work due on the account's clock, earliest first (core/scheduled-work.ts); saved with the account. */
  readonly scheduledWork: ScheduledWork[] = []
  /** The runner of each kind of scheduled work, registered at start-up; code, not state. */
  readonly workRunners = new Map<string, WorkRunner>()
  baseUrl = ''
  /** The app the sandbox serves (`appUrl` of startStripeDouble), for the hosted pages' way back; null in tests. */
  appUrl: string | null = null
  /**
   * The API request being handled, stamped onto the events it causes. Handlers run synchronously, so this is
   * never seen by another request; simulations leave it null, like Stripe's automatic (clock-driven) events.
   */
  currentRequest: EventRequest | null = null
  /** Called for each event as it is created; the delivery queue subscribes here. */
  onEvent: (event: Stripe.Event) => void = () => {}
  /** Called after anything may have changed (a POST or DELETE, a simulation): the sandbox saves its state here. */
  onChange: () => void = () => {}
  /** Whether a new event will be delivered, for its `pending_webhooks` count. */
  willDeliver: () => boolean = () => false

  /**
   * Seconds the account's clock runs ahead of the wall clock (advanceClockTo in core/scheduled-work.ts). Stripe's
   * test clocks move simulated time forward only, and everything clock-driven (renewals, `created` of invoices and
   * events) reads it (https://docs.stripe.com/billing/testing/test-clocks). One clock for the whole account: each
   * double is one test file.
   */
  clockOffset = 0

  now(): number {
    return Math.floor(Date.now() / 1000) + this.clockOffset
  }

  emit(type: Stripe.Event.Type, object: object, previousAttributes?: Record<string, unknown>): Stripe.Event {
    const event = buildEvent(type, object, {
      previousAttributes,
      request: this.currentRequest ?? { id: null, idempotency_key: null },
      pendingWebhooks: this.willDeliver() ? 1 : 0,
      created: this.now(),
    })
    this.events.push(event)
    this.onEvent(event)
    return event
  }

  /** The wire form of a stored object by id, for expansion; undefined for ids the double does not hold. */
  lookup(id: string): object | undefined {
    const maps: ReadonlyArray<Map<string, object>> = [
      this.customers,
      this.products,
      this.prices,
      this.subscriptions,
      this.subscriptionSchedules,
      this.checkoutSessions,
      this.invoices,
      this.invoiceItems,
      this.portalSessions,
      this.portalConfigurations,
      this.creditNotes,
      this.paymentIntents,
    ]
    for (const map of maps) {
      const found = map.get(id)
      if (found) return toWire(found)
    }
    return undefined
  }
}

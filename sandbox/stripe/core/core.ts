// The double's in-memory Stripe account: every object map, the event log, and the hooks resources share.
import type Stripe from 'stripe'
import { buildEvent } from './events'
import { STRIPE_DEFAULT_REVENUE_RECOVERY, type RevenueRecovery } from './revenue-recovery'
import { toWire } from './wire'

export type EventRequest = Stripe.Event.Request

/**
 * How a charge goes when a simulation decides it rather than the customer's payment method (`payRenewal`,
 * `failRenewal`, `requireActionOnRenewal`, `startRenewal({ payment })`), and the test card `double.setCard` attaches.
 */
export type CardOutcome = 'succeeds' | 'declined' | 'requires_action'

/** A Checkout line item; a metered price's has no quantity. */
export type LineItemRef = { id: string; price: string; quantity: number | null }

/**
 * A meter event as the sandbox keeps it (resources/meter-events.ts): Stripe's answer (`event`) plus what its
 * asynchronous processing decided. `receivedAt` is when it arrived on the time of the clock it is counted on (the
 * customer's test clock, else the account's); it is aggregated `AGGREGATION_DELAY` seconds later.
 */
export type StoredMeterEvent = {
  event: Stripe.Billing.MeterEvent
  receivedAt: number
  /** The active meter of its `event_name` when it arrived, and the customer its payload maps to (null: none). */
  meter: string | null
  customer: string | null
  value: number
  /** The error report code when asynchronous processing rejected it (`no_meter`, `meter_event_customer_not_found`, …). */
  rejected: string | null
  /** Set by a `cancel` meter event adjustment. */
  canceledAt: number | null
  /** The clock it was received on (a test clock id), or null for the account's. */
  clock: string | null
}

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
 * about (an invoice, a session); `data` is whatever else the runner needs. It waits in the queue of the clock its
 * object lives on: the account's, or a test clock's.
 */
export type ScheduledWork = {
  id: string
  /** When it is due, on the clock whose queue holds it (Unix seconds). */
  at: number
  kind: string
  subject: string
  data: Record<string, string | number | boolean | null>
}

/** Does one piece of scheduled work; registered per kind by the module that schedules it (registerWork). */
export type WorkRunner = (core: Core, work: ScheduledWork) => void

/**
 * A v2 event (`v2.core.event`, https://docs.stripe.com/api/v2/core/events/object): what Stripe sends event destinations
 * as a thin notification and serves in full at `GET /v2/core/events/:id`. The sandbox makes only the meter error
 * reports (flows/usage-processing.ts); its `created` is an ISO 8601 string, as v2 objects say time.
 */
export type V2Event = {
  id: string
  object: 'v2.core.event'
  type: string
  created: string
  livemode: false
  context: null
  reason: null
  related_object: { id: string; type: string; url: string } | null
  data: Record<string, unknown>
}

export class Core {
  readonly customers = new Map<string, Stripe.Customer>()
  readonly products = new Map<string, Stripe.Product>()
  readonly prices = new Map<string, Stripe.Price>()
  readonly subscriptions = new Map<string, Stripe.Subscription>()
  readonly subscriptionSchedules = new Map<string, Stripe.SubscriptionSchedule>()
  /** Test clocks (resources/test-clocks.ts): each keeps its own frozen time for the objects of its customers. */
  readonly testClocks = new Map<string, Stripe.TestHelpers.TestClock>()
  /** Payment methods attached to customers, or detached from them (resources/payment-methods.ts). */
  readonly paymentMethods = new Map<string, Stripe.PaymentMethod>()
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
  /** Checkout's `payment_intent_data` in payment mode, given to the PaymentIntent when the customer pays. */
  readonly sessionPaymentIntentData = new Map<string, { metadata: Stripe.Metadata; description: string | null }>()
  /** Fields Stripe leaves out unless expanded, keyed `${object}.${field}` (e.g. `checkout.session.line_items`). */
  readonly virtualFields = new Map<string, (owner: Record<string, unknown>) => unknown>()
  /** Billing meters (resources/meters.ts). */
  readonly meters = new Map<string, Stripe.Billing.Meter>()
  /** Meter events in arrival order, by the sandbox's own key (resources/meter-events.ts). */
  readonly meterEvents = new Map<string, StoredMeterEvent>()
  /** The key of the latest meter event with each identifier, for Stripe's dedupe. */
  readonly meterEventIdentifiers = new Map<string, string>()
  /** Credit grants and their ledger (resources/credit-grants.ts). */
  readonly creditGrants = new Map<string, Stripe.Billing.CreditGrant>()
  readonly creditBalanceTransactions = new Map<string, Stripe.Billing.CreditBalanceTransaction>()
  /** Usage alerts (resources/billing-alerts.ts), and which customers each has fired for: `alert@customer`. */
  readonly billingAlerts = new Map<string, Stripe.Billing.Alert>()
  readonly billingAlertsTriggered = new Set<string>()
  /**
   * Metered subscription items that count usage from later than their period's start, this period only: an item added
   * or moved to another price mid-period (resources/metered-usage.ts). Item id → Unix seconds.
   */
  readonly meteredUsageSince = new Map<string, number>()
  /** Meter event sessions for the v2 stream: authentication token → expiry on the account's clock (Unix seconds). */
  readonly meterEventSessions = new Map<string, number>()
  /** v2 events, oldest first: the meter error reports (flows/usage-processing.ts), served by door/v2-events.ts. */
  readonly v2Events: V2Event[] = []
  readonly events: Stripe.Event[] = []
  readonly requests: RequestRecord[] = []
  /** Work due on the account's clock, earliest first (core/scheduled-work.ts); saved with the account. */
  readonly scheduledWork: ScheduledWork[] = []
  /** Work due on each test clock's own time, earliest first, by clock id (core/scheduled-work.ts). */
  readonly clockWork = new Map<string, ScheduledWork[]>()
  /**
   * When, on the account's clock, each event about a test clock's objects was made: its `created` is the clock's
   * time, but Stripe keeps events, and counts requests against its limits, in real time (`madeAt`).
   */
  readonly eventsMadeAt = new Map<string, number>()
  /** Trials whose three-day warning was sent on a test clock, as `subscription@trial_end` (flows/clock-cycle.ts). */
  readonly trialWarningsSent = new Set<string>()
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
   * Seconds the account's clock runs ahead of the wall clock (advanceClockTo in core/scheduled-work.ts): the time
   * of every object not on a test clock. It moves forward only, as Stripe's time does, and everything clock-driven
   * (`created` of invoices and events, a draft's hour) reads it. Decision 0048.
   */
  clockOffset = 0

  /**
   * The test clock whose time `now()` reads: set while a request, a page or scheduled work acts on the objects of a
   * customer on that clock (`onClock`), null for the account's own time. "Time at which all objects belonging to
   * this clock are frozen" (https://docs.stripe.com/api/test_clocks/object#test_clock_object-frozen_time).
   */
  clockInScope: string | null = null

  /** What the account does when payments fail: its retry schedule and what follows the last retry (decision 0049). */
  revenueRecovery: RevenueRecovery = STRIPE_DEFAULT_REVENUE_RECOVERY

  /**
   * Runs work after the current request has been answered (a test clock's advance, which Stripe runs
   * asynchronously). index.ts replaces it so that `double.idle()` waits for the work; a bare Core runs it on the
   * next turn of the event loop.
   */
  runLater: (task: () => void) => void = (task) => void setImmediate(task)

  /** The time of whatever is in scope: its test clock's frozen time, or the account's clock. */
  now(): number {
    const clock = this.clockInScope === null ? undefined : this.testClocks.get(this.clockInScope)
    return clock ? clock.frozen_time : this.accountNow()
  }

  /** The account's own clock, whatever test clock is in scope. */
  accountNow(): number {
    return Math.floor(Date.now() / 1000) + this.clockOffset
  }

  /** Runs `run` on a test clock's time (or the account's, for null), then puts back the scope it found. */
  onClock<T>(clock: string | null, run: () => T): T {
    const outer = this.clockInScope
    this.clockInScope = clock
    try {
      return run()
    } finally {
      this.clockInScope = outer
    }
  }

  emit(type: Stripe.Event.Type, object: object, previousAttributes?: Record<string, unknown>): Stripe.Event {
    const event = buildEvent(type, object, {
      previousAttributes,
      request: this.currentRequest ?? { id: null, idempotency_key: null },
      pendingWebhooks: this.willDeliver() ? 1 : 0,
      created: this.now(),
    })
    this.events.push(event)
    if (this.clockInScope !== null) this.eventsMadeAt.set(event.id, this.accountNow())
    this.onEvent(event)
    return event
  }

  /** When an event was made on the account's clock: its `created`, unless it is about a test clock's objects. */
  madeAt(event: Stripe.Event): number {
    return this.eventsMadeAt.get(event.id) ?? event.created
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
      this.paymentMethods,
      this.testClocks,
      this.meters,
      this.creditGrants,
      this.creditBalanceTransactions,
      this.billingAlerts,
    ]
    for (const map of maps) {
      const found = map.get(id)
      if (found) return toWire(found)
    }
    return undefined
  }
}

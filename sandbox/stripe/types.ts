// The public shape of the double (`@/sandbox/stripe`): what startStripeDouble() takes and what it returns.
import type Stripe from 'stripe'
import type { CardOutcome, RequestRecord } from './core/core'
import type { RevenueRecovery } from './core/revenue-recovery'
import type { DeliveryRecord } from './core/delivery'
import type { BulkSeed } from './flows/bulk-seed'
import type { CheckoutPayment } from './flows/complete-checkout'
import type { EventObjectOf, FixtureOverrides } from './contract/event-objects'

export type { DeliveryRecord, RequestRecord, RevenueRecovery }

export type StripeDoubleOptions = {
  /** Where to POST events; may also be set later with setWebhook(). */
  webhookUrl?: string
  /** Defaults to 'whsec_test_double'. */
  webhookSecret?: string
  /** Default true: POST each event as it is created, one at a time; false: hold them until deliverPending(). */
  autoDeliver?: boolean
  /** Called after each delivery attempt, e.g. to print failures in the dev console. */
  onDelivery?: (record: DeliveryRecord) => void
  /** Default 0 (the OS picks one). A port in use rejects with the server's EADDRINUSE error. */
  port?: number
  /** Load the account from this JSON file if it exists, and save it there after every change (the dev sandbox). */
  stateFile?: string
  /** Refuse API requests over this many per second with Stripe's 429 `rate_limit` (default: no limit). */
  requestsPerSecond?: number
  /** The app's URL (the dev sandbox's APP_URL): every hosted page's banner then links back to its billing page. */
  appUrl?: string
}

export type FailNextOptions = {
  status?: number
  times?: number
  /**
   * false (default): answer before doing anything, saving nothing under the idempotency key. true: run the request
   * (its objects and events exist), then answer the error and save it under the key, as Stripe does for a 500
   * after execution began (https://docs.stripe.com/api/idempotent_requests).
   */
  afterExecution?: boolean
}

export type StripeDouble = {
  url: string
  host: string
  port: number
  /** Whether the account was loaded from `stateFile`. */
  restored: boolean
  /** A real SDK client pointed at the double, with retries off so failures surface at once. */
  client(secretKey?: string): Stripe
  setWebhook(url: string | null, secret?: string): void
  readonly webhookSecret: string
  customers: Map<string, Stripe.Customer>
  products: Map<string, Stripe.Product>
  prices: Map<string, Stripe.Price>
  subscriptions: Map<string, Stripe.Subscription>
  subscriptionSchedules: Map<string, Stripe.SubscriptionSchedule>
  checkoutSessions: Map<string, Stripe.Checkout.Session>
  invoices: Map<string, Stripe.Invoice>
  /** Invoice items: prorations pending for the next invoice, or billed on one. */
  invoiceItems: Map<string, Stripe.InvoiceItem>
  portalSessions: Map<string, Stripe.BillingPortal.Session>
  portalConfigurations: Map<string, Stripe.BillingPortal.Configuration>
  creditNotes: Map<string, Stripe.CreditNote>
  /** Test clocks, each with its own `frozen_time` (POST /v1/test_helpers/test_clocks). */
  testClocks: Map<string, Stripe.TestHelpers.TestClock>
  /** Payment methods attached to customers (or detached from them). */
  paymentMethods: Map<string, Stripe.PaymentMethod>
  events: Stripe.Event[]
  requests: RequestRecord[]
  deliveries: DeliveryRecord[]
  /** Sends every held event (autoDeliver: false), in order, and resolves when they are all delivered. */
  deliverPending(): Promise<void>
  /** Turns autoDeliver on: sends every held event, then each new one as it is created. */
  startDelivering(): Promise<void>
  /**
   * Resolves when the work Stripe does after answering a request (a test clock's advance, which answers `advancing`
   * and then runs) is done and the delivery queue is empty; held events (autoDeliver: false) are not in it.
   */
  idle(): Promise<void>
  /**
   * The customer pays on the hosted page: `declined` leaves the session open, `delayed` completes it unpaid. `card`
   * pays with one of Stripe's test cards instead (`pm_card_visa`, `pm_card_authenticationRequired`, …); the card is
   * saved to the customer and becomes the subscription's `default_payment_method`.
   */
  completeCheckout(sessionId: string, opts?: { payment?: CheckoutPayment; card?: string }): Promise<Stripe.Checkout.Session>
  /**
   * Sends an event the sandbox does not model (a dispute, a refund, an early fraud warning), of any type of the
   * pinned API version: its object is a complete one of that type, generated from the SDK's types
   * (contract/event-objects.ts), with `overrides` merged in at any depth. It is recorded, signed and delivered like
   * every other event, as Stripe sends its own (`request.id` null). The sandbox's objects do not change: when a test
   * needs Stripe's behaviour around the event (a request about the object, what follows), model the resource
   * (docs/recipes/add-a-stripe-resource-to-the-sandbox.md).
   */
  emit<T extends Stripe.Event.Type>(type: T, overrides?: FixtureOverrides<EventObjectOf<T>>): Promise<Extract<Stripe.Event, { type: T }>>
  /** A delayed payment (bank debit) clears or fails: checkout.session.async_payment_succeeded or _failed. */
  settleDelayedPayment(sessionId: string, opts: { succeeds: boolean }): Promise<Stripe.Checkout.Session>
  /**
   * A renewal paid, failed or needing 3D Secure, each through Stripe's sequence: the period ends and the renewal
   * invoice is created as a draft, the clock moves on an hour, and the invoice is finalized and charged
   * (flows/billing-cycle.ts). An unpaid subscription's open invoice is retried (failRenewal) or paid (payRenewal).
   * These simulations move subscriptions on the account's own time; one on a test clock is refused (advance its
   * clock instead), as are the other simulations below.
   */
  failRenewal(subscriptionId: string): Promise<void>
  payRenewal(subscriptionId: string): Promise<void>
  /**
   * Only the first half of a renewal: the period ends and the invoice is created as a draft, due to be finalized and
   * charged at its `automatically_finalizes_at`, an hour later, when the clock gets there (advanceClockTo).
   * `payment`: how that charge goes; by default as the customer's card answers (setCard).
   */
  startRenewal(subscriptionId: string, opts?: { payment?: CardOutcome }): Promise<Stripe.Invoice>
  /**
   * Moves the account's clock forward to `timestamp` (Unix seconds), as advancing a test clock does, running the work
   * due on the way (a renewal invoice finalizing, a Checkout Session expiring, a schedule's phase ending inside a
   * period) in time order, each at its own time (core/scheduled-work.ts); a time before the clock's is refused, as
   * Stripe refuses it (https://docs.stripe.com/api/test_clocks/advance). Renewals, invoices and events made afterwards
   * carry the new time.
   */
  advanceClockTo(timestamp: number): void
  trialWillEnd(subscriptionId: string): Promise<void>
  /** `hasPaymentMethod: false` ends it as trial_settings.end_behavior.missing_payment_method says (pause, cancel, invoice). */
  endTrial(subscriptionId: string, opts?: { hasPaymentMethod?: boolean }): Promise<void>
  /** A renewal whose charge needs 3D Secure: past_due, invoice.payment_failed and invoice.payment_action_required. */
  requireActionOnRenewal(subscriptionId: string): Promise<void>
  /** The last retry of a past_due subscription fails; then `then`, or as the account's revenue-recovery setting says. */
  exhaustRetries(subscriptionId: string, opts?: { then?: 'unpaid' | 'canceled' | 'past_due' }): Promise<void>
  endPeriod(subscriptionId: string): Promise<void>
  /**
   * The customer switches to the test card whose charges go as `outcome` says: `succeeds` (`pm_card_visa`),
   * `declined` (`pm_card_chargeCustomerFail`: attaches, then every charge is declined, `card_declined`) or
   * `requires_action` (`pm_card_authenticationRequired`: 3D Secure on every charge Stripe makes alone). The same as
   * `useTestCard` with that card.
   */
  setCard(customerId: string, outcome: CardOutcome): void
  /**
   * The customer switches to one of Stripe's test cards (https://docs.stripe.com/testing), as the portal's "Update
   * payment method" does: attached (a declining card is refused with its decline, as Stripe refuses to attach it),
   * made the customer's default for invoices and the default of each of its live subscriptions (flows/card-switch.ts).
   */
  useTestCard(customerId: string, card: string): Stripe.PaymentMethod
  /**
   * The account's revenue-recovery settings (Dashboard → Billing → Revenue recovery): the retry schedule and what
   * follows the last retry. Stripe's default: Smart Retries, 8 tries within 2 weeks, then cancel the subscription and
   * leave the invoice past due (core/revenue-recovery.ts).
   */
  setRevenueRecovery(settings: Partial<RevenueRecovery>): void
  /**
   * Holds the work of test clock advances started from now on (they answer `advancing` and stay so), until the
   * returned function is called: what a request meets while Stripe is still advancing a clock.
   */
  holdTestClockAdvances(): () => void
  readonly revenueRecovery: RevenueRecovery
  /** Answers the next matching request(s) with an api_error envelope (default 500, once, before doing anything). */
  failNext(match: { method?: string; path: RegExp | string }, opts?: FailNextOptions): void
  /**
   * Holds the next matching API request after its execution began, until the returned function is called: another
   * request with the same idempotency key meanwhile gets Stripe's 409.
   */
  holdNext(match: { method?: string; path: RegExp | string }): () => void
  /** Stripe's per-account request limit: a number per second, or null for none. */
  setRateLimit(perSecond: number | null): void
  /** API requests refused with 429 so far. */
  readonly rateLimited: number
  /** Creates many customers with a subscription each, directly in the maps (for benchmarks); returns them. */
  bulkSeed(seed: BulkSeed): { customer: Stripe.Customer; subscription: Stripe.Subscription }[]
  signPayload(payload: string, timestamp?: number): string
  close(): Promise<void>
}

import type Stripe from 'stripe'

export type StripeDoubleOptions = {
  /** Where to POST events; may also be set later with setWebhook(). */
  webhookUrl?: string
  /** Defaults to 'whsec_test_double'. */
  webhookSecret?: string
  /** Default true: POST each event as it is created, one at a time; false: hold them until deliverPending(). */
  autoDeliver?: boolean
  /** Refuse API requests over this many per second with Stripe's 429 `rate_limit` (default: no limit). */
  requestsPerSecond?: number
}

/** What bulkSeed() puts straight into the double's maps, without an API call per object. */
export type BulkSeed = {
  /** How many customers, each with one subscription to `price`. */
  customers: number
  price: Stripe.Price
  status?: Stripe.Subscription.Status
  /** Also record a customer.subscription.created event per subscription (not delivered), for the events list. */
  events?: boolean
  /** The customer's metadata, by index (e.g. the app's userId). */
  metadata?: (index: number) => Stripe.Metadata
}

export type RequestRecord = {
  method: string
  path: string
  params: Record<string, unknown>
  idempotencyKey: string | null
  status: number
}

export type DeliveryRecord = { eventId: string; status: number | null; error?: string }

export type FailureRule = { method?: string; path: RegExp | string; status: number; remaining: number }

export type StripeDouble = {
  url: string
  host: string
  port: number
  /** A real SDK client pointed at the double, with retries off so failures surface at once. */
  client(secretKey?: string): Stripe
  setWebhook(url: string | null, secret?: string): void
  readonly webhookSecret: string
  customers: Map<string, Stripe.Customer>
  products: Map<string, Stripe.Product>
  prices: Map<string, Stripe.Price>
  subscriptions: Map<string, Stripe.Subscription>
  checkoutSessions: Map<string, Stripe.Checkout.Session>
  invoices: Map<string, Stripe.Invoice>
  portalSessions: Map<string, Stripe.BillingPortal.Session>
  events: Stripe.Event[]
  requests: RequestRecord[]
  deliveries: DeliveryRecord[]
  /** Sends every held event (autoDeliver: false), in order, and resolves when they are all delivered. */
  deliverPending(): Promise<void>
  /** Resolves when the delivery queue is empty; held events (autoDeliver: false) are not in it. */
  idle(): Promise<void>
  completeCheckout(sessionId: string, opts?: { paymentSucceeds?: boolean }): Promise<Stripe.Checkout.Session>
  failRenewal(subscriptionId: string): Promise<void>
  payRenewal(subscriptionId: string): Promise<void>
  trialWillEnd(subscriptionId: string): Promise<void>
  endTrial(subscriptionId: string): Promise<void>
  endPeriod(subscriptionId: string): Promise<void>
  /** Answers the next matching request(s) with an api_error envelope before doing anything (default 500, once). */
  failNext(match: { method?: string; path: RegExp | string }, opts?: { status?: number; times?: number }): void
  /** Stripe's per-account request limit: a number per second, or null for none. */
  setRateLimit(perSecond: number | null): void
  /** API requests refused with 429 so far. */
  readonly rateLimited: number
  /** Creates many customers with a subscription each, directly in the maps (for benchmarks); returns them. */
  bulkSeed(seed: BulkSeed): { customer: Stripe.Customer; subscription: Stripe.Subscription }[]
  signPayload(payload: string, timestamp?: number): string
  close(): Promise<void>
}

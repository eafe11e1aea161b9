// A local Stripe for tests: the real `stripe` SDK talks to it over HTTP, a browser can click through its hosted
// Checkout and portal pages, and it signs and delivers webhooks to the app. One instance per test file.
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { Core } from './core'
import { DeliveryQueue } from './delivery'
import { checkoutPages } from './pages/checkout-page'
import { invoicePages } from './pages/invoice-page'
import { portalPages } from './pages/portal-page'
import * as cycle from './resources/billing-cycle'
import { checkoutRoutes, registerCheckoutFields } from './resources/checkout'
import { completeCheckout } from './resources/complete-checkout'
import { customerRoutes } from './resources/customers'
import { eventRoutes } from './resources/events'
import { invoiceRoutes } from './resources/invoices'
import { portalRoutes } from './resources/portal'
import { priceRoutes } from './resources/prices'
import { productRoutes } from './resources/products'
import { subscriptionWriteRoutes } from './resources/subscription-changes'
import { subscriptionReadRoutes } from './resources/subscriptions'
import { bulkSeed } from './bulk-seed'
import { RequestRateLimiter } from './rate-limit'
import { createDoubleServer } from './server'
import type { DeliveryRecord, FailureRule, StripeDouble, StripeDoubleOptions } from './types'

export type { DeliveryRecord, RequestRecord, StripeDouble, StripeDoubleOptions } from './types'

const API = [
  ...customerRoutes,
  ...productRoutes,
  ...priceRoutes,
  ...checkoutRoutes,
  ...subscriptionReadRoutes,
  ...subscriptionWriteRoutes,
  ...invoiceRoutes,
  ...portalRoutes,
  ...eventRoutes,
]
const PAGES = [...checkoutPages, ...portalPages, ...invoicePages]

export async function startStripeDouble(options: StripeDoubleOptions = {}): Promise<StripeDouble> {
  const core = new Core()
  registerCheckoutFields(core)
  const target = { url: options.webhookUrl ?? null, secret: options.webhookSecret ?? 'whsec_test_double' }
  const deliveries: DeliveryRecord[] = []
  const queue = new DeliveryQueue(() => target, deliveries, options.autoDeliver ?? true)
  // With autoDeliver off every event waits for deliverPending(); with it on, only events created while a
  // webhook URL is set are sent, as Stripe only sends to endpoints that exist when the event happens.
  core.willDeliver = () => !queue.autoDeliver || target.url !== null
  core.onEvent = (event) => {
    if (event.pending_webhooks > 0) queue.enqueue(event)
  }
  const failures: FailureRule[] = []
  const limiter = new RequestRateLimiter(options.requestsPerSecond ?? null)
  const server = createDoubleServer(core, API, PAGES, failures, limiter)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const host = '127.0.0.1'
  core.baseUrl = `http://${host}:${port}`

  // Simulations run outside any API request, like Stripe's clock-driven work.
  const simulate = async <T>(run: () => T): Promise<T> => {
    core.currentRequest = null
    return run()
  }

  return {
    url: core.baseUrl,
    host,
    port,
    client: (secretKey = 'sk_test_double') =>
      new Stripe(secretKey, { host, port, protocol: 'http', maxNetworkRetries: 0, telemetry: false }),
    setWebhook(url, secret) {
      target.url = url
      if (secret !== undefined) target.secret = secret
    },
    get webhookSecret() {
      return target.secret
    },
    customers: core.customers,
    products: core.products,
    prices: core.prices,
    subscriptions: core.subscriptions,
    checkoutSessions: core.checkoutSessions,
    invoices: core.invoices,
    portalSessions: core.portalSessions,
    events: core.events,
    requests: core.requests,
    deliveries,
    deliverPending: () => queue.deliverPending(),
    idle: () => queue.idle(),
    completeCheckout: (sessionId, opts) => simulate(() => completeCheckout(core, sessionId, opts?.paymentSucceeds ?? true)),
    failRenewal: (id) => simulate(() => cycle.failRenewal(core, id)),
    payRenewal: (id) => simulate(() => cycle.payRenewal(core, id)),
    trialWillEnd: (id) => simulate(() => cycle.trialWillEnd(core, id)),
    endTrial: (id) => simulate(() => cycle.endTrial(core, id)),
    endPeriod: (id) => simulate(() => cycle.endPeriod(core, id)),
    failNext(match, opts = {}) {
      failures.push({ method: match.method, path: match.path, status: opts.status ?? 500, remaining: opts.times ?? 1 })
    },
    setRateLimit(perSecond) {
      limiter.perSecond = perSecond
    },
    get rateLimited() {
      return limiter.refused
    },
    bulkSeed: (seed) => bulkSeed(core, seed),
    signPayload: (payload, timestamp) => Stripe.webhooks.generateTestHeaderString({ payload, secret: target.secret, timestamp }),
    async close() {
      await queue.stop()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}

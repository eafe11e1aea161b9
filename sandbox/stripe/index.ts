// A local Stripe for tests: the real `stripe` SDK talks to it over HTTP, a browser can click through its hosted
// Checkout and portal pages, and it signs and delivers webhooks to the app. One instance per test file.
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { Core } from './core/core'
import { DeliveryQueue } from './core/delivery'
import { checkoutPages } from './pages/checkout-page'
import { invoicePages } from './pages/invoice-page'
import { portalPages } from './pages/portal-page'
import { sandboxPages } from './pages/sandbox-page'
import { loadState, saveState } from './core/persistence'
import { advanceClockTo, nextDueAt, runDueWork } from './core/scheduled-work'
import { clockOfObject } from './core/clock-scope'
import { mergeRevenueRecovery } from './core/revenue-recovery'
import { toWire } from './core/wire'
import * as cycle from './flows/billing-cycle'
import { checkoutRoutes, registerCheckoutExpiry, registerCheckoutFields } from './resources/checkout'
import { settleDelayedPayment } from './flows/checkout-payment'
import { completeCheckout } from './flows/complete-checkout'
import { creditNoteRoutes } from './resources/credit-notes'
import { customerDeleteRoutes } from './flows/customer-delete'
import { customerRoutes } from './resources/customers'
import { creditGrantRoutes, registerCreditGrantExpiry } from './resources/credit-grants'
import { meterEventRoutes } from './resources/meter-events'
import { meterRoutes } from './resources/meters'
import { meterEventV2Routes } from './resources/meter-event-stream'
import { billingAlertRoutes } from './resources/billing-alerts'
import { registerUsageProcessing } from './flows/usage-processing'
import { eventRoutes } from './resources/events'
import { invoicePreviewRoutes } from './resources/invoice-preview'
import { invoiceItemRoutes } from './resources/invoice-items'
import { invoiceRoutes } from './resources/invoices'
import { paymentIntentRoutes, registerInvoicePayments } from './resources/payment-intents'
import { portalRoutes } from './resources/portal'
import { portalConfigurationRoutes } from './resources/portal-configurations'
import { priceRoutes, registerPriceFields } from './resources/prices'
import { productRoutes } from './resources/products'
import { schedulePhaseRoutes } from './resources/schedule-phases'
import { subscriptionCancelRoutes } from './resources/subscription-cancel'
import { subscriptionPauseRoutes } from './resources/subscription-pause'
import { exhaustRetries } from './resources/dunning'
import { paymentMethodRoutes } from './resources/payment-methods'
import { testClockRoutes } from './resources/test-clocks'
import { requireSubscription } from './resources/subscriptions'
import { CARD_FOR_OUTCOME, switchCard } from './flows/card-switch'
import { finishInterruptedAdvances, testClockAdvanceRoutes } from './flows/test-clock-advance'
import { registerTestClockExpiry, testClockDeleteRoutes } from './flows/test-clock-delete'
import { registerSchedulePhases } from './resources/schedule-transitions'
import { subscriptionScheduleRoutes } from './resources/subscription-schedules'
import { subscriptionUpdateRoutes } from './resources/subscription-update'
import { subscriptionReadRoutes } from './resources/subscriptions'
import { bulkSeed } from './flows/bulk-seed'
import { RequestRateLimiter } from './door/rate-limit'
import { createDoubleServer, type FailureRule, type HoldRule } from './door/server'
import type { DeliveryRecord, StripeDouble, StripeDoubleOptions } from './types'
import { workAfterAnswers } from './work-after-answers'
import { eventObjectFixture } from './contract/event-objects'

export type { DeliveryRecord, FailNextOptions, RequestRecord, StripeDouble, StripeDoubleOptions } from './types'

const API = [
  ...customerDeleteRoutes,
  ...customerRoutes,
  ...meterRoutes,
  ...meterEventRoutes,
  ...creditGrantRoutes,
  ...billingAlertRoutes,
  ...productRoutes,
  ...priceRoutes,
  ...checkoutRoutes,
  ...subscriptionReadRoutes,
  ...subscriptionUpdateRoutes,
  ...subscriptionCancelRoutes,
  ...subscriptionPauseRoutes,
  ...invoicePreviewRoutes,
  ...invoiceRoutes,
  ...invoiceItemRoutes,
  ...subscriptionScheduleRoutes,
  ...schedulePhaseRoutes,
  ...portalRoutes,
  ...portalConfigurationRoutes,
  ...eventRoutes,
  ...creditNoteRoutes,
  ...paymentIntentRoutes,
  ...paymentMethodRoutes,
  ...testClockRoutes,
  ...testClockAdvanceRoutes,
  ...testClockDeleteRoutes,
]
const PAGES = [...checkoutPages, ...portalPages, ...invoicePages, ...sandboxPages]

/** Every API route the door serves, for the test that holds each route's `params` to Stripe's contract. */
export { API as API_ROUTES }

export async function startStripeDouble(options: StripeDoubleOptions = {}): Promise<StripeDouble> {
  const core = new Core()
  registerCheckoutFields(core)
  registerPriceFields(core)
  registerUsageProcessing(core)
  registerCreditGrantExpiry(core)
  registerInvoicePayments(core)
  registerCheckoutExpiry(core)
  cycle.registerBillingCycle(core)
  registerSchedulePhases(core)
  registerTestClockExpiry(core)
  const restored = options.stateFile ? loadState(core, options.stateFile) : false
  const target = { url: options.webhookUrl ?? null, secret: options.webhookSecret ?? 'whsec_test_double' }
  const deliveries: DeliveryRecord[] = []
  const queue = new DeliveryQueue(() => target, deliveries, options.autoDeliver ?? true, options.onDelivery)
  // With autoDeliver off every event waits for deliverPending(); with it on, only events created while a
  // webhook URL is set are sent, as Stripe only sends to endpoints that exist when the event happens.
  core.willDeliver = () => !queue.autoDeliver || target.url !== null
  core.onEvent = (event) => {
    if (event.pending_webhooks > 0) queue.enqueue(event)
  }
  const failures: FailureRule[] = []
  const holds: HoldRule[] = []
  const limiter = new RequestRateLimiter(options.requestsPerSecond ?? null)
  const server = createDoubleServer(core, API, PAGES, failures, holds, limiter, meterEventV2Routes)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { stateFile } = options
  let saving: NodeJS.Immediate | null = null
  const saveNow = () => {
    if (saving) clearImmediate(saving)
    saving = null
    if (stateFile) saveState(core, stateFile)
  }
  let closed = false
  let wakeUp: NodeJS.Timeout | null = null
  // Work falls due on the wall clock too (a Checkout Session left open for a day while `npm run dev` runs): a timer
  // runs it then. Unref'd, so a double nobody closes never keeps a process alive.
  const armWakeUp = () => {
    if (wakeUp) clearTimeout(wakeUp)
    wakeUp = null
    const at = nextDueAt(core)
    if (at === null || closed) return
    const run = () => {
      try {
        runSimulation(() => undefined)
      } catch (error) {
        // Nobody awaits a timer: say what failed rather than crash the dev server.
        console.error('Stripe sandbox: scheduled work failed', error)
      }
    }
    wakeUp = setTimeout(run, Math.min(2 ** 31 - 1, Math.max(0, (at - core.now()) * 1000)))
    wakeUp.unref()
  }
  // The state file's writes are coalesced: one after a burst of requests and events, not one per event.
  core.onChange = () => {
    armWakeUp()
    if (stateFile) saving ??= setImmediate(saveNow)
  }
  const { port } = server.address() as AddressInfo
  const host = '127.0.0.1'
  core.baseUrl = `http://${host}:${port}`
  core.appUrl = options.appUrl ?? null

  // Simulations run outside any API request, like Stripe's clock-driven work, after whatever fell due meanwhile, on
  // the time of the object they act on (`about`: a subscription, a session, a customer; its test clock's, if any).
  function runSimulation<T>(run: () => T, about?: string): T {
    core.currentRequest = null
    try {
      runDueWork(core)
      return core.onClock(about === undefined ? null : clockOfObject(core, about), run)
    } finally {
      core.onChange()
    }
  }
  const simulate = async <T>(run: () => T, about?: string): Promise<T> => runSimulation(run, about)
  const later = workAfterAnswers((task) => runSimulation(task))
  core.runLater = (task) => later.runLater(task)
  // A restored account catches up on what fell due while the sandbox was stopped, as Stripe's clock never stops.
  if (restored) runSimulation(() => finishInterruptedAdvances(core))

  return {
    url: core.baseUrl,
    host,
    port,
    restored,
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
    subscriptionSchedules: core.subscriptionSchedules,
    checkoutSessions: core.checkoutSessions,
    invoices: core.invoices,
    invoiceItems: core.invoiceItems,
    portalSessions: core.portalSessions,
    portalConfigurations: core.portalConfigurations,
    creditNotes: core.creditNotes,
    testClocks: core.testClocks,
    paymentMethods: core.paymentMethods,
    events: core.events,
    requests: core.requests,
    deliveries,
    deliverPending: () => queue.deliverPending(),
    startDelivering: () => queue.startDelivering(),
    idle: () => later.idle(() => queue.idle()),
    emit: (type, overrides) => simulate(() => core.emit(type, eventObjectFixture(type, overrides, core.now())) as Extract<Stripe.Event, { type: typeof type }>),
    completeCheckout: (sessionId, opts) => simulate(() => completeCheckout(core, sessionId, opts?.payment, opts?.card), sessionId),
    settleDelayedPayment: (sessionId, opts) => simulate(() => settleDelayedPayment(core, sessionId, opts.succeeds), sessionId),
    failRenewal: (id) => simulate(() => cycle.failRenewal(core, id), id),
    payRenewal: (id) => simulate(() => cycle.payRenewal(core, id), id),
    // A copy, as the API would answer: the draft itself moves on when its hour comes.
    startRenewal: (id, opts) => simulate(() => toWire(cycle.beginRenewal(core, id, opts?.payment)), id),
    advanceClockTo: (timestamp) => runSimulation(() => advanceClockTo(core, timestamp)),
    trialWillEnd: (id) => simulate(() => cycle.trialWillEnd(core, id), id),
    endTrial: (id, opts) => simulate(() => cycle.endTrial(core, id, opts?.hasPaymentMethod ?? true), id),
    requireActionOnRenewal: (id) => simulate(() => cycle.requireActionOnRenewal(core, id), id),
    exhaustRetries: (id, opts) =>
      simulate(() => {
        cycle.refuseOnTestClock(requireSubscription(core, id))
        exhaustRetries(core, id, opts?.then)
      }, id),
    endPeriod: (id) => simulate(() => cycle.endPeriod(core, id), id),
    setCard: (customerId, outcome) => runSimulation(() => void switchCard(core, customerId, CARD_FOR_OUTCOME[outcome]), customerId),
    useTestCard: (customerId, card) => runSimulation(() => toWire(switchCard(core, customerId, card)), customerId),
    holdTestClockAdvances: () => later.hold(),
    setRevenueRecovery(settings) {
      core.revenueRecovery = mergeRevenueRecovery(core.revenueRecovery, settings)
      core.onChange()
    },
    get revenueRecovery() {
      return core.revenueRecovery
    },
    failNext(match, opts = {}) {
      const { status = 500, times = 1, afterExecution = false } = opts
      failures.push({ method: match.method, path: match.path, status, remaining: times, afterExecution })
    },
    holdNext(match) {
      let release = () => {}
      holds.push({ method: match.method, path: match.path, released: new Promise<void>((resolve) => (release = resolve)) })
      return () => release()
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
      closed = true
      if (wakeUp) clearTimeout(wakeUp)
      saveNow()
      await queue.stop()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}

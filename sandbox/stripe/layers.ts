// The double's layers and the order of its resources, checked import by import (type imports included) by
// tests/sandbox/stripe-layers.test.ts. A file imports only from its own layer or the ones before it, a resource only
// from the resources before it, and nothing under sandbox/ imports in a circle. README.md ("Layers") says why.

/** Lowest first. `folders` are under sandbox/stripe/; '' is the package's own top level (index.ts, types.ts). */
export const LAYERS = [
  // The account: object maps, event log and emitter, clock, ids, wire copies; saving it, delivering its events.
  { name: 'core', folders: ['core'] },
  // The HTTP front every request passes, the helpers it hands handlers (params, errors, lists, expand), and the
  // contract it checks requests against.
  { name: 'door', folders: ['door', 'contract'] },
  // One module per Stripe resource: its routes and its objects, in the order below.
  { name: 'resources', folders: ['resources'] },
  // Work that composes resources: Stripe's clock, a customer paying, a cascade across kinds.
  { name: 'flows', folders: ['flows'] },
  // The hosted pages: Checkout, the portal, the invoice, the /sandbox controls.
  { name: 'pages', folders: ['pages'] },
  // startStripeDouble() and its public types: the one entry, `@/sandbox/stripe`.
  { name: 'entry', folders: [''] },
] as const

/**
 * Resources, lowest first: a resource imports only resources listed before it, and goes through their exported
 * functions. Work that needs a resource listed after it belongs in flows/. A new resource is added here, where what
 * it needs is already listed.
 */
export const RESOURCES = [
  'products',
  'meters', // what usage is counted and how; event names unique among active meters (a metered price names one)
  'price-amounts', // what a price charges: unit amounts, packages, tiers, and what a quantity costs
  'prices', // a price names its product; `product_data` creates one
  'test-clocks', // a customer may join one; its own routes are create, retrieve, list
  'customers',
  'meter-events', // usage for a meter and a customer, aggregated after a delay; summaries read it back
  'meter-event-stream', // the v2 meter event APIs: sessions, the stream, synchronous events and adjustments
  'billing-alerts', // a usage threshold on a meter, checked as usage is aggregated
  'test-cards', // Stripe's test card numbers and what each answers
  'payment-methods', // a test card attached to a customer; what a charge on one answers
  'events',
  'payment-intents',
  'invoice-lifecycle', // draft → open → paid | void; each payment attempt is a PaymentIntent, a number the customer's
  'invoices', // the object and its routes; exports the lifecycle too
  'credit-ledger', // the credit balance and its transactions, written by credit grants
  'credit-grants', // billing credits for metered prices, drawn on by an invoice before it is charged
  'credit-notes', // credit an invoice
  'invoice-items', // prorations waiting for an invoice, then lines of it
  'subscriptions', // an item carries its price; one licensed item, any number of metered ones
  'metered-usage', // a metered item's line in arrears: its meter's aggregate at its price
  'item-changes', // an update's items[]: which item each entry means, and what Stripe refuses
  'dunning', // a failed payment: past_due, the account's retries, what follows the last one; paying reactivates
  'subscription-limits', // Stripe's per-subscription limits, counted from the event log
  'prorations', // what a price change bills, credited from what invoices and invoice items billed
  'subscription-pause', // resuming starts a period and invoices it
  'subscription-cancel', // canceling credits unused time and may invoice it at once
  'subscription-changes', // an update may invoice at once or leave pending items
  'subscription-update', // the update endpoint: its parameters, then the change; pause fields ride on it
  'subscription-schedules', // canceling a schedule cancels its subscription
  'schedule-transitions', // a phase's end changes the subscription's price, prorated as the phase says
  'schedule-phases', // replacing phases may change the current one now
  'invoice-preview', // the update's own computation, not stored
  'checkout-payment-mode', // payment mode's one-time lines: inline prices and products
  'checkout', // sells subscribable prices to customers
  'portal-configurations', // list products and prices
  'portal', // a session for a customer, under a configuration
] as const

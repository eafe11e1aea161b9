import 'server-only'
import type Stripe from 'stripe'

export type NextInvoiceEstimate = { amountDue: number; currency: string }

/**
 * Stripe's preview of the subscription's next invoice (https://docs.stripe.com/api/invoices/create_preview): the
 * licensed items ahead and the metered items' usage so far as Stripe has aggregated it. One request; null when
 * Stripe cannot preview it (a canceled subscription) or cannot be reached, so the page still renders.
 */
export async function nextInvoiceEstimate(stripe: Stripe, customerId: string, subscriptionId: string): Promise<NextInvoiceEstimate | null> {
  try {
    const preview = await stripe.invoices.createPreview({ customer: customerId, subscription: subscriptionId })
    return { amountDue: preview.amount_due, currency: preview.currency }
  } catch (error) {
    console.warn('usage: no preview of the next invoice', error instanceof Error ? error.message : error)
    return null
  }
}

// A customer switches to another card, as a developer does on a test account with Stripe's test cards
// (https://docs.stripe.com/testing) and as the portal's "Update payment method" does: the card is attached
// (`payment_method.attached`; a declining test card is refused as it attaches), made the customer's default for
// invoices (`customer.updated`), and the default of each of its live subscriptions (`customer.subscription.updated`),
// because a subscription's own `default_payment_method` is charged before the customer's ("if a subscription has a
// default_payment_method, but you only update customer.invoice_settings.default_payment_method, Stripe continues to
// retry on the subscription's default_payment_method",
// https://docs.stripe.com/billing/revenue-recovery/smart-retries#payment-method-ordering).
import type Stripe from 'stripe'
import type { CardOutcome, Core } from '../core/core'
import { requireCustomer, setDefaultPaymentMethod } from '../resources/customers'
import { attachTestCard, cardError, requireTestCard } from '../resources/payment-methods'
import { changeSubscription } from '../resources/subscription-changes'
import { isLive } from '../resources/subscriptions'

/** The test card `double.setCard` attaches for each outcome of the charges Stripe makes on its own. */
export const CARD_FOR_OUTCOME: Readonly<Record<CardOutcome, string>> = {
  succeeds: 'pm_card_visa',
  // "Decline after attaching": the declining cards that cannot be attached would leave the old card in place.
  declined: 'pm_card_chargeCustomerFail',
  requires_action: 'pm_card_authenticationRequired',
}

export function switchCard(core: Core, customerId: string, token: string): Stripe.PaymentMethod {
  const customer = requireCustomer(core, customerId)
  const card = requireTestCard(token, 'payment_method')
  if (card.attach.kind === 'declined') throw cardError(card.attach.error)
  const method = attachTestCard(core, customer, token, card)
  setDefaultPaymentMethod(core, customer, method.id)
  for (const subscription of core.subscriptions.values()) {
    if (subscription.customer === customer.id && isLive(subscription)) changeSubscription(core, subscription, { defaultPaymentMethod: method.id })
  }
  return method
}

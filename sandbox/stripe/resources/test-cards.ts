// Stripe's test cards, as the test PaymentMethods a test mode request may name (`pm_card_visa`, …), and what each does
// when attached to a customer and when charged (https://docs.stripe.com/testing). The card's number decides, so a
// payment method made from one keeps its behaviour by its `last4`, as Stripe's test numbers do.
import type Stripe from 'stripe'
import { errorDocUrl } from '../door/errors'

export type PaymentError = Stripe.PaymentIntent.LastPaymentError

/** How a charge on the card goes: paid, declined with an error, or waiting for the cardholder (3D Secure). */
export type CardAnswer = { kind: 'succeeds' } | { kind: 'declined'; error: PaymentError } | { kind: 'requires_action' }

export type TestCard = {
  brand: 'visa' | 'mastercard'
  last4: string
  funding: 'credit' | 'debit'
  /** What attaching it to a customer answers: "The cards in the previous table can't be attached to a Customer". */
  attach: CardAnswer
  /** A charge made while the customer is present (Checkout, the hosted invoice page): 3D Secure is completed there. */
  onSession: CardAnswer
  /** A charge Stripe makes on its own (a renewal, a retry, an update charged now): nobody is there to authenticate. */
  offSession: CardAnswer
  label: string
}

/**
 * A decline "results in a card error with the given error code and decline code"
 * (https://docs.stripe.com/testing#declined-payments); the messages are Stripe's for those codes
 * (https://docs.stripe.com/declines/codes).
 */
export function declined(declineCode: 'generic_decline' | 'insufficient_funds'): Extract<CardAnswer, { kind: 'declined' }> {
  const message = declineCode === 'insufficient_funds' ? 'Your card has insufficient funds.' : 'Your card was declined.'
  return { kind: 'declined', error: { type: 'card_error', code: 'card_declined', decline_code: declineCode, doc_url: errorDocUrl('card_declined'), message } }
}

const SUCCEEDS: CardAnswer = { kind: 'succeeds' }

const visa: TestCard = { brand: 'visa', last4: '4242', funding: 'credit', attach: SUCCEEDS, onSession: SUCCEEDS, offSession: SUCCEEDS, label: 'Visa •••• 4242 (succeeds)' }
const genericDecline: TestCard = {
  brand: 'visa',
  last4: '0002',
  funding: 'credit',
  attach: declined('generic_decline'),
  onSession: declined('generic_decline'),
  offSession: declined('generic_decline'),
  label: 'Visa •••• 0002 (declined)',
}
const insufficientFunds: TestCard = {
  brand: 'visa',
  last4: '9995',
  funding: 'credit',
  attach: declined('insufficient_funds'),
  onSession: declined('insufficient_funds'),
  offSession: declined('insufficient_funds'),
  label: 'Visa •••• 9995 (insufficient funds)',
}

/**
 * The test PaymentMethods the sandbox knows, by the id a request names. From https://docs.stripe.com/testing:
 * - `pm_card_visa` (4242 4242 4242 4242) and `pm_card_mastercard` (5555 5555 5555 4444) succeed;
 * - `pm_card_visa_chargeDeclined` (…0002, `generic_decline`) and `pm_card_visa_chargeDeclinedInsufficientFunds`
 *   (…9995, `insufficient_funds`) are declined, and cannot be attached to a customer either; the shorter
 *   `pm_card_chargeDeclined…` spellings name the same cards;
 * - `pm_card_chargeCustomerFail` (…0341), "Decline after attaching": "Attaching this card to a Customer object
 *   succeeds, but attempts to charge the customer fail";
 * - `pm_card_authenticationRequired` (4000 0027 6000 3184), "Always authenticate": it "requires authentication on all
 *   transactions, regardless of how the card is set up", so a charge Stripe makes alone waits for the customer.
 */
export const TEST_CARDS: Readonly<Record<string, TestCard>> = {
  pm_card_visa: visa,
  pm_card_mastercard: { ...visa, brand: 'mastercard', last4: '4444', label: 'Mastercard •••• 4444 (succeeds)' },
  pm_card_visa_chargeDeclined: genericDecline,
  pm_card_chargeDeclined: genericDecline,
  pm_card_visa_chargeDeclinedInsufficientFunds: insufficientFunds,
  pm_card_chargeDeclinedInsufficientFunds: insufficientFunds,
  pm_card_chargeCustomerFail: {
    brand: 'visa',
    last4: '0341',
    funding: 'credit',
    attach: SUCCEEDS,
    onSession: declined('generic_decline'),
    offSession: declined('generic_decline'),
    label: 'Visa •••• 0341 (attaches, then every charge is declined)',
  },
  pm_card_authenticationRequired: {
    brand: 'visa',
    last4: '3184',
    funding: 'credit',
    attach: SUCCEEDS,
    onSession: SUCCEEDS,
    offSession: { kind: 'requires_action' },
    label: 'Visa •••• 3184 (always asks for 3D Secure)',
  },
}

/** The test card a payment method was made from, by its number's last four digits. */
export function testCardOf(method: Stripe.PaymentMethod): TestCard | undefined {
  const last4 = method.card?.last4
  return Object.values(TEST_CARDS).find((card) => card.last4 === last4)
}

/** The test cards a hosted page offers, one per behaviour, by the id a form posts. */
export const OFFERED_TEST_CARDS = [
  'pm_card_visa',
  'pm_card_chargeCustomerFail',
  'pm_card_authenticationRequired',
  'pm_card_visa_chargeDeclined',
  'pm_card_visa_chargeDeclinedInsufficientFunds',
] as const

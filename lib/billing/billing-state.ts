// The words for where a user's billing stands and the one thing to do next. Pure, so the billing page, the
// dashboard and emails can all say the same thing about the same state.
import { planFor } from './catalog'
import { COLLECTION_PAUSE_KEEPS_ACCESS, PAST_DUE_KEEPS_ACCESS, type Entitlements, type Standing, type SubscriptionState } from './entitlements'

/** The one next step: the billing page renders each as a button. */
export type NextStep =
  | { kind: 'choose_plan'; label: string }
  | { kind: 'resume'; label: string }
  | { kind: 'update_payment_method'; label: string }
  | { kind: 'confirm_payment'; label: string; url: string }

export type BillingState = {
  standing: Standing | 'free'
  /** Short, for a status row: "Free trial", "Paused". */
  label: string
  /** The subscription's own plan, even when it grants nothing now (a paused Pro is still "Pro"). */
  planName: string
  /** Whether the period end is a renewal date: not while paused, unpaid or awaiting a first payment. */
  renews: boolean
  /** A notice for states that need the user's attention or explain missing access; null when all is well. */
  notice: { tone: 'info' | 'warning'; title: string; detail: string } | null
  next: NextStep | null
}

const UPDATE_PAYMENT_METHOD = { kind: 'update_payment_method', label: 'Update payment method' } as const

const RENEWING: ReadonlySet<Standing> = new Set(['trialing', 'active', 'past_due', 'action_required', 'collection_paused'])

export function billingStateOf(entitlements: Entitlements): BillingState {
  const { subscription, standing } = entitlements
  if (!subscription || !standing || standing === 'ended') {
    return { standing: 'free', label: 'Free plan', planName: entitlements.plan.name, renews: false, notice: null, next: { kind: 'choose_plan', label: 'See plans' } }
  }
  const plan = planFor({ lookupKey: subscription.priceLookupKey, productId: subscription.productId })?.name
  return { ...wordsFor(standing, plan ?? 'your plan', subscription), planName: plan ?? entitlements.plan.name, renews: RENEWING.has(standing) }
}

type Words = Pick<BillingState, 'standing' | 'label' | 'notice' | 'next'>

function wordsFor(standing: Exclude<Standing, 'ended'>, plan: string, subscription: SubscriptionState): Words {
  const url = subscription.invoiceUrl
  switch (standing) {
    case 'trialing':
      return { standing, label: 'Free trial', notice: null, next: null }
    case 'active':
      return { standing, label: 'Active', notice: null, next: null }
    case 'collection_paused': {
      const keeps = COLLECTION_PAUSE_KEEPS_ACCESS.has(subscription.pauseCollection ?? '')
      const detail = keeps ? `Nothing is charged for now and ${plan} stays on.` : `Nothing is charged for now, and ${plan} is off until payments resume.`
      return { standing, label: 'Payments paused', notice: { tone: 'info', title: 'Payments are paused.', detail }, next: null }
    }
    case 'payment_processing':
      return {
        standing,
        label: 'Payment processing',
        notice: { tone: 'info', title: 'Your payment is on its way.', detail: 'Bank payments can take a few business days to clear. Your plan starts as soon as it does; we will email you if it fails.' },
        next: null,
      }
    case 'action_required':
      return {
        standing,
        label: 'Confirm your payment',
        notice: { tone: 'warning', title: 'Confirm your payment.', detail: `Your bank asks you to confirm the payment for ${plan}. Nothing has failed: it just needs you.` },
        next: url ? { kind: 'confirm_payment', label: 'Confirm your payment', url } : UPDATE_PAYMENT_METHOD,
      }
    case 'past_due':
      return {
        standing,
        label: 'Payment failed',
        notice: {
          tone: 'warning',
          title: 'Your last payment failed.',
          detail: PAST_DUE_KEEPS_ACCESS ? `Update your payment method to keep ${plan}. Stripe will retry the charge.` : `Update your payment method to get ${plan} back. Stripe will retry the charge.`,
        },
        next: UPDATE_PAYMENT_METHOD,
      }
    case 'unpaid':
      return {
        standing,
        label: 'Unpaid',
        notice: { tone: 'warning', title: 'Your payments failed after every retry.', detail: `${plan} is off until the open invoice is paid: update your payment method, then pay it to get ${plan} back.` },
        next: UPDATE_PAYMENT_METHOD,
      }
    case 'paused':
      return {
        standing,
        label: 'Paused',
        notice: { tone: 'info', title: 'Your subscription is paused.', detail: `Nothing is charged and ${plan} is off. Resume it to start a new billing period today.` },
        next: { kind: 'resume', label: 'Resume subscription' },
      }
    case 'incomplete':
      return {
        standing,
        label: 'Awaiting payment',
        notice: { tone: 'warning', title: 'Your first payment has not gone through.', detail: `Complete it, with this or another payment method, to start ${plan}.` },
        next: url ? { kind: 'confirm_payment', label: 'Complete your payment', url } : UPDATE_PAYMENT_METHOD,
      }
  }
}

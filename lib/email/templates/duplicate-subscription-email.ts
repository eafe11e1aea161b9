import type { Email } from '../send-email'
import { escapeHtml, layout } from './layout'

/** Sent when a second subscription (another tab's checkout) was canceled at once, with its refund if it was charged. */
export function duplicateSubscriptionEmail({ to, keptPlan, canceledPlan, refund, billingUrl }: { to: string; keptPlan: string; canceledPlan: string; refund: string | null; billingUrl: string }): Email {
  const money = refund ? `We refunded the ${refund} it charged; the refund reaches your account in 5–10 business days.` : 'It had not charged you anything.'
  return {
    to,
    subject: `We canceled a second ${canceledPlan} subscription`,
    text: `You completed a second checkout while your ${keptPlan} subscription was already active, so we canceled the new ${canceledPlan} subscription straight away. ${money}\n\nYour ${keptPlan} plan is unchanged. To switch plans, use Manage billing: ${billingUrl}`,
    html: layout(
      `<p>You completed a second checkout while your ${escapeHtml(keptPlan)} subscription was already active, so we canceled the new ${escapeHtml(canceledPlan)} subscription straight away. ${escapeHtml(money)}</p>
       <p>Your ${escapeHtml(keptPlan)} plan is unchanged. To switch plans, use <a href="${escapeHtml(billingUrl)}">Manage billing</a>.</p>`,
    ),
  }
}

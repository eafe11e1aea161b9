import type { Email } from '../send-email'
import { escapeHtml, layout } from './layout'

/** checkout.session.async_payment_failed: a bank debit started at Checkout did not go through. */
export function bankPaymentFailedEmail({ to, planName, billingUrl }: { to: string; planName: string; billingUrl: string }): Email {
  return {
    to,
    subject: `Your ${planName} payment did not go through`,
    text: `Your bank payment for the ${planName} plan did not go through, so the plan has not started. Pay with another method here:\n\n${billingUrl}`,
    html: layout(
      `<p>Your bank payment for the ${escapeHtml(planName)} plan did not go through, so the plan has not started.</p>
       <p><a href="${escapeHtml(billingUrl)}">Pay with another method</a>.</p>`,
    ),
  }
}

import type { Email } from '../send-email'
import { escapeHtml, layout } from './layout'

/** invoice.payment_action_required: the bank wants the customer to confirm (3D Secure). Nothing has failed. */
export function paymentActionRequiredEmail({ to, planName, amount, invoiceUrl }: { to: string; planName: string; amount: string; invoiceUrl: string }): Email {
  return {
    to,
    subject: `Confirm your ${planName} payment`,
    text: `Your bank asks you to confirm the ${amount} payment for your ${planName} plan. Confirm it here:\n\n${invoiceUrl}\n\nUntil you do, the payment stays pending.`,
    html: layout(
      `<p>Your bank asks you to confirm the <strong>${escapeHtml(amount)}</strong> payment for your ${escapeHtml(planName)} plan.</p>
       <p><a href="${escapeHtml(invoiceUrl)}">Confirm your payment</a>. Until you do, the payment stays pending.</p>`,
    ),
  }
}

import type { Email } from '../send-email'
import { escapeHtml, layout } from './layout'

export function paymentFailedEmail({ to, planName, amount, billingUrl, invoiceUrl }: { to: string; planName: string; amount: string; billingUrl: string; invoiceUrl?: string | null }): Email {
  const pay = invoiceUrl ? `\n\nOr pay this invoice directly: ${invoiceUrl}` : ''
  return {
    to,
    subject: `Your ${planName} payment failed`,
    text: `We could not charge ${amount} for your ${planName} plan. Update your payment method to keep it:\n\n${billingUrl}${pay}\n\nWe will retry the charge in the next few days.`,
    html: layout(
      `<p>We could not charge <strong>${escapeHtml(amount)}</strong> for your ${escapeHtml(planName)} plan.</p>
       <p><a href="${escapeHtml(billingUrl)}">Update your payment method</a> to keep it.${invoiceUrl ? ` Or <a href="${escapeHtml(invoiceUrl)}">pay this invoice</a> directly.` : ''}</p>
       <p style="color:#52525b">We will retry the charge in the next few days.</p>`,
    ),
  }
}

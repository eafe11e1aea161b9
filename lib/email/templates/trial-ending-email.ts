import type { Email } from '../send-email'
import { escapeHtml, layout } from './layout'

export function trialEndingEmail({ to, planName, endsOn, billingUrl }: { to: string; planName: string; endsOn: string; billingUrl: string }): Email {
  return {
    to,
    subject: `Your ${planName} trial ends on ${endsOn}`,
    text: `Your ${planName} trial ends on ${endsOn}. Your subscription then continues with your saved payment method.\n\nChange or cancel it here: ${billingUrl}`,
    html: layout(
      `<p>Your ${escapeHtml(planName)} trial ends on <strong>${escapeHtml(endsOn)}</strong>. Your subscription then continues with your saved payment method.</p>
       <p><a href="${escapeHtml(billingUrl)}">Change or cancel it</a>.</p>`,
    ),
  }
}

import type { Email } from '../send-email'
import { escapeHtml, layout } from './layout'

export type UsageAlertFacts = {
  to: string
  planName: string
  meterName: string
  percent: number
  used: number
  allowance: number
  /** Under a hard cap the plan refuses past its limit; otherwise use past the allowance is billed as overage. */
  hardCap: boolean
  periodEndsOn: string
  billingUrl: string
}

const count = (n: number) => n.toLocaleString('en-US')

export function usageAlertEmail(facts: UsageAlertFacts): Email {
  const { to, planName, meterName, percent, used, allowance, hardCap, periodEndsOn, billingUrl } = facts
  const reached = percent >= 100
  const subject = reached ? `You have used your ${planName} plan's ${meterName} for this period` : `You have used ${percent}% of your ${planName} plan's ${meterName}`
  const where = `${count(used)} of the ${count(allowance)} ${meterName} your ${planName} plan includes this period (until ${periodEndsOn})`
  const next = reached
    ? hardCap
      ? 'Further use is refused until the period ends.'
      : 'Further use is billed as overage on your next invoice, and paid first from your credit balance.'
    : 'Past the allowance, ' + (hardCap ? 'further use is refused until the period ends.' : 'use is billed as overage on your next invoice.')
  const wayOut = 'Upgrade to a larger plan or buy credits'
  return {
    to,
    subject,
    text: `You have used ${where}. ${next}\n\n${wayOut}: ${billingUrl}`,
    html: layout(
      `<p>You have used <strong>${escapeHtml(where)}</strong>. ${escapeHtml(next)}</p>
       <p><a href="${escapeHtml(billingUrl)}">${wayOut}</a>.</p>`,
    ),
  }
}

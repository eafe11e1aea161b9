import { billingRecipient } from '@/lib/billing/billing-recipient'
import { db } from '@/lib/db'
import { sendEmailOnce } from '@/lib/email/send-once'
import { usageAlertEmail } from '@/lib/email/templates/usage-alert-email'
import { env } from '@/lib/env'
import { requireCatalogMeter } from '@/lib/usage/meters'
import { usageContext } from '@/lib/usage/usage-context'
import type { StripeEventHandler, StripeEventOf } from '../handler'

const longDate = (date: Date) => new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(date)

/**
 * A usage alert the app made (lib/usage/usage-alerts.ts) was crossed: the organization's owner is told, with the
 * numbers and the way out (/billing: upgrade, buy credits). Once per threshold and period, however often Stripe
 * delivers the event and even if a plan change inside the period made a second alert for the same share: the
 * email's key names the organization, meter, share and period, not the alert or the event.
 */
export const sendUsageAlertEmail: StripeEventHandler<StripeEventOf<'billing.alert.triggered'>> = {
  id: 'send-usage-alert-email',
  async run(event, _stripe, { customer }) {
    const triggered = event.data.object
    const alertId = typeof triggered.alert === 'string' ? triggered.alert : triggered.alert.id
    const alert = await db.usageAlert.findUnique({ where: { id: alertId } })
    if (!alert) return { skipped: `alert ${alertId} was not made by this app` }
    if (alert.customerId !== customer) return { skipped: `alert ${alertId} belongs to ${alert.customerId}, the event names ${customer}` }
    await db.usageAlert.updateMany({ where: { id: alertId, triggeredAt: null }, data: { triggeredAt: new Date(triggered.created * 1000) } })
    const recipient = await billingRecipient(customer)
    if ('skipped' in recipient) return recipient

    const meter = requireCatalogMeter(alert.meterKey)
    const { plan, allowance } = await usageContext(alert.organizationId, alert.meterKey)
    const email = usageAlertEmail({
      to: recipient.email,
      planName: plan.name,
      meterName: meter.displayName,
      percent: alert.percent,
      used: triggered.value,
      allowance: alert.allowance,
      hardCap: allowance?.cap === 'hard',
      periodEndsOn: longDate(alert.periodEnd),
      billingUrl: `${env().APP_URL}/billing`,
    })
    const key = `usage-alert:${alert.organizationId}:${alert.meterKey}:${alert.percent}:${alert.periodStart.toISOString()}`
    return { to: recipient.email, percent: alert.percent, value: triggered.value, result: await sendEmailOnce(key, email) }
  },
}

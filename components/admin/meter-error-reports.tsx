import Link from 'next/link'
import type { MeterErrorReportsOverview } from '@/lib/usage/meter-error-reports'
import { DateTime } from './date-time'
import { HealthCard, linkClass } from './health-card'

/**
 * Meter events Stripe accepted and then rejected while processing them (lib/usage/meter-error-reports.ts): each is
 * use nobody is billed for until it is fixed and sent again, so any in the last day needs a look.
 */
export function MeterErrorReports({ latest, lastDay }: MeterErrorReportsOverview) {
  const figure = lastDay === 0 ? 'None in the last 24 hours' : `${lastDay.toLocaleString('en-US')} in the last 24 hours`
  return (
    <HealthCard id="health-meter-errors" title="Rejected meter events" tone={lastDay > 0 ? 'problem' : 'ok'} figure={figure}>
      <p>Stripe’s error reports for usage it could not count (listed every five minutes from its v2 events).</p>
      {latest.length > 0 && (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Latest meter error reports">
          {latest.map((report) => (
            <li key={report.id} className="py-2">
              <p className="flex flex-wrap items-baseline justify-between gap-x-3">
                <span className="break-all font-mono text-xs text-zinc-900 dark:text-white">{report.code}</span>
                <span className="shrink-0 text-xs text-zinc-600 dark:text-zinc-400">
                  <DateTime date={report.reportedAt} />
                </span>
              </p>
              <p>
                {report.message}
                {report.errorCount > 1 && ` (${report.errorCount.toLocaleString('en-US')} events)`}
              </p>
              <p className="text-xs break-all text-zinc-600 dark:text-zinc-400">
                {report.meterId ? `Meter ${report.meterId}` : 'No meter'}
                {report.identifier && ` · event ${report.identifier}`}
                {report.organizationId && (
                  <>
                    {' · '}
                    <Link href={`/admin/organizations/${report.organizationId}`} className={linkClass}>
                      {report.customerId ?? 'organization'}
                    </Link>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </HealthCard>
  )
}

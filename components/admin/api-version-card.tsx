import Link from 'next/link'
import type { ApiVersions } from '@/lib/operators/health'
import { DateTime, formatAge } from './date-time'
import { HealthCard, linkClass } from './health-card'

// Versions, commands and paths wrap only where they must (at a space, else anywhere), never mid-word by default.
const code = 'font-mono text-xs wrap-anywhere'

/**
 * Events Stripe rendered in another API version than the app pins (decision 0044): how many over the window, of
 * which versions, the latest one, and what to do. Processing goes on; the fix is on the webhook endpoint.
 */
export function ApiVersionCard({ versions, now }: { versions: ApiVersions; now: number }) {
  const { pinned, window, newest } = versions
  const hours = Math.round(window.sinceMs / 3_600_000)
  return (
    <HealthCard
      id="health-api-version"
      title={`Events in another Stripe API version, last ${hours} hours`}
      tone={window.count > 0 ? 'attention' : 'ok'}
      figure={window.count === 0 ? 'None' : `${window.count.toLocaleString('en-US')} ${window.count === 1 ? 'event' : 'events'}`}
    >
      <p>
        The app pins <code className={code}>{pinned}</code>; Stripe renders each event in its webhook endpoint’s version.
      </p>
      {window.byVersion.length > 0 && (
        <ul className="space-y-1" aria-label="Events in another version, by version">
          {window.byVersion.map(({ version, count }) => (
            <li key={version} className="flex justify-between gap-3">
              <code className={`min-w-0 self-center ${code}`}>{version}</code>
              <span className="shrink-0 tabular-nums">{count.toLocaleString('en-US')}</span>
            </li>
          ))}
        </ul>
      )}
      {newest && (
        <p>
          Latest: <Link href={`/admin/events/${newest.id}`} className={linkClass}>{newest.type}</Link> in <code className={code}>{newest.apiVersion ?? 'unknown'}</code>,{' '}
          {formatAge(newest.receivedAt, now)} ago (<DateTime date={newest.receivedAt} />). <Link href="/admin/events?version=other" className={linkClass}>All of them</Link>.
        </p>
      )}
      {window.count > 0 && (
        <p>
          They are still processed (handlers re-read objects in the pinned version). Put the webhook endpoint on <code className={code}>{pinned}</code>:{' '}
          <code className={code}>npm run stripe:events</code> prints how, and <code className={code}>docs/recipes/upgrade-the-stripe-api-version.md</code> says what happens during the switch.
        </p>
      )}
    </HealthCard>
  )
}

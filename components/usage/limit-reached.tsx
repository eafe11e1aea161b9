import Link from 'next/link'
import { Notice } from '@/components/ui/notice'
import type { MeterSummary } from '@/lib/usage/usage-summary'

/** The limit is reached: what that means and the way out (a plan with an allowance that bills overage). */
export function LimitReached({ summary, canUpgrade }: { summary: Pick<MeterSummary, 'meter' | 'period'>; canUpgrade: boolean }) {
  const resets = summary.period.end.toLocaleDateString('en-US', { month: 'long', day: 'numeric', timeZone: 'UTC' })
  return (
    <Notice tone="error" className="mt-4">
      <p className="font-medium">You have used every {summary.meter.unitLabel} this period includes.</p>
      <p className="mt-1">
        Further {summary.meter.displayName} are refused until the period renews on {resets}.{' '}
        {canUpgrade ? (
          <>
            <Link href="/pricing" className="font-medium underline">
              Upgrade
            </Link>{' '}
            for a larger allowance, with use past it billed instead of refused.
          </>
        ) : (
          'Ask an owner of your organization to upgrade the plan.'
        )}
      </p>
    </Notice>
  )
}

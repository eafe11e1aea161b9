import { ActionForm } from '@/components/billing/action-form'
import { Notice } from '@/components/ui/notice'
import { undoPlanChange } from '@/lib/billing/actions'
import { formatDate } from '@/lib/format-date'
import type { PlanChangeState } from '@/lib/billing/plan-changes/state'

/** "Changes to Pro on January 1, 2027", with the way to undo it. */
export function ScheduledChangeNotice({ pending }: { pending: NonNullable<PlanChangeState['pending']> }) {
  return (
    <Notice tone="info" className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
      <p>
        <span className="font-medium">
          Changes to {pending.planName} ({pending.interval}) on {formatDate(pending.changeAt)}.
        </span>{' '}
        You keep your current plan until then.
      </p>
      <ActionForm action={undoPlanChange} label="Keep current plan" pendingLabel="Undoing…" variant="secondary" size="sm" className="shrink-0" />
    </Notice>
  )
}

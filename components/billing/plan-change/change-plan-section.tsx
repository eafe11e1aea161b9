import type { PlanChangeState } from '@/lib/billing/plan-changes/state'
import { PlanChangeButton } from './plan-change-button'
import { ScheduledChangeNotice } from './scheduled-change-notice'

/** /billing's plan changes: a change waiting for the period's end, and the other plans to switch to. */
export function ChangePlanSection({ state: { changeFrom, pending, options } }: { state: PlanChangeState }) {
  if (!changeFrom && !pending) return null
  return (
    <section aria-labelledby="change-plan-heading" className="mt-8">
      <h2 id="change-plan-heading" className="text-lg font-semibold text-zinc-900 dark:text-white">
        Change plan
      </h2>
      {pending && <ScheduledChangeNotice pending={pending} />}
      {changeFrom && (
        <ul className="mt-4 grid gap-3">
          {options.map((option) => (
            <li key={option.lookupKey}>
              <PlanChangeButton lookupKey={option.lookupKey} label={`Switch to ${option.planName} (${option.interval})`} />
            </li>
          ))}
        </ul>
      )}
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">Payment methods, billing address and tax IDs stay in Manage billing.</p>
    </section>
  )
}

'use client'
import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import type { ActionResult } from '@/lib/auth/action'
import { ActionError } from './action-error'

type Props = {
  action: (input: FormData) => Promise<ActionResult<unknown>>
  subscriptionId: string
  /** The last day of the paid period, in words: the plan stays until then. */
  endsOn: string
  reasons: readonly { value: string; label: string }[]
}

const field = 'rounded-lg border border-zinc-300 bg-white text-zinc-900 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100'

/**
 * "Cancel subscription", then a confirmation step that asks the reason (Stripe's choices) and an optional comment.
 * A `<details>`, so the step opens without JavaScript too; the button says it is working while the action runs.
 */
export function CancelSubscriptionForm({ action, subscriptionId, endsOn, reasons }: Props) {
  const [result, run, pending] = useActionState((_previous: ActionResult<unknown> | null, form: FormData) => action(form), null)
  const error = result && !result.ok ? result.error : null
  return (
    <details className="group rounded-2xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" open={error !== null || undefined}>
      <summary className="cursor-pointer list-none px-5 py-4 text-sm font-medium text-red-700 marker:hidden hover:underline dark:text-red-300 [&::-webkit-details-marker]:hidden">
        Cancel subscription
      </summary>
      <form action={run} className="space-y-5 border-t border-zinc-200 px-5 py-5 dark:border-zinc-800">
        <input type="hidden" name="subscriptionId" value={subscriptionId} />
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Your plan stays active until <strong className="font-semibold text-zinc-900 dark:text-white">{endsOn}</strong>, then ends. Nothing more is charged. You can keep your plan
          until then.
        </p>
        <fieldset>
          <legend className="text-sm font-medium text-zinc-900 dark:text-white">Why are you canceling?</legend>
          <div className="mt-3 grid gap-2 sm:grid-cols-2">
            {reasons.map((reason) => (
              <label key={reason.value} className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
                <input type="radio" name="feedback" value={reason.value} required className="accent-brand-600" />
                {reason.label}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="block text-sm font-medium text-zinc-900 dark:text-white">
          Anything else you’d like to tell us? <span className="font-normal text-zinc-600 dark:text-zinc-400">(optional)</span>
          <textarea name="comment" rows={3} maxLength={5000} className={`mt-2 block w-full px-3 py-2 text-sm font-normal ${field}`} />
        </label>
        <Button type="submit" className="w-full sm:w-auto" disabled={pending} aria-busy={pending}>
          {pending ? 'Canceling…' : 'Confirm cancellation'}
        </Button>
        <ActionError error={error} />
      </form>
    </details>
  )
}

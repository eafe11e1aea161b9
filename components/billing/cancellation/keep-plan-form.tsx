'use client'
import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import type { ActionResult } from '@/lib/auth/action'
import { ActionError } from './action-error'

type Props = {
  action: (input: FormData) => Promise<ActionResult<unknown>>
  subscriptionId: string
  /** When the plan would end, in words. */
  endsOn: string
}

/**
 * For a subscription scheduled to cancel: "Keep my plan", then a confirmation that says it will renew. Not to be
 * confused with "Resume subscription", which ends a *pause* (components on /billing, lib/billing/resume.ts).
 */
export function KeepPlanForm({ action, subscriptionId, endsOn }: Props) {
  const [result, run, pending] = useActionState((_previous: ActionResult<unknown> | null, form: FormData) => action(form), null)
  const error = result && !result.ok ? result.error : null
  return (
    <details className="rounded-2xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" open={error !== null || undefined}>
      <summary className="cursor-pointer list-none px-5 py-4 text-sm font-medium text-brand-700 marker:hidden hover:underline dark:text-brand-300 [&::-webkit-details-marker]:hidden">
        Keep my plan
      </summary>
      <form action={run} className="space-y-4 border-t border-zinc-200 px-5 py-5 dark:border-zinc-800">
        <input type="hidden" name="subscriptionId" value={subscriptionId} />
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Your plan is set to end on <strong className="font-semibold text-zinc-900 dark:text-white">{endsOn}</strong>. Keep it, and it renews then as before, charged to
          your payment method on file.
        </p>
        <Button type="submit" className="w-full sm:w-auto" disabled={pending} aria-busy={pending}>
          {pending ? 'Keeping your plan…' : 'Confirm: keep my plan'}
        </Button>
        <ActionError error={error} />
      </form>
    </details>
  )
}

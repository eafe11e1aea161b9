'use client'
import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import type { ActionResult } from '@/lib/auth/action'

type Props = {
  action: (input: FormData) => Promise<ActionResult<unknown>>
  control: string
  nonce: string
  label: string
  note: string
}

/**
 * One control of /billing/test-clock: its button, what it does, and why not when Stripe or the app refuses. On success
 * the action shows the page again, saying what was done (the controls themselves change with the clock).
 */
export function ClockControl({ action, control, nonce, label, note }: Props) {
  const [result, run, pending] = useActionState((_previous: ActionResult<unknown> | null, form: FormData) => action(form), null)
  return (
    <form action={run} className="flex flex-col gap-2 px-5 py-4 sm:flex-row sm:items-start sm:justify-between sm:gap-6">
      <input type="hidden" name="control" value={control} />
      <input type="hidden" name="nonce" value={nonce} />
      <div className="min-w-0 text-sm">
        <p className="text-zinc-600 dark:text-zinc-400">{note}</p>
        {result && !result.ok && (
          <p role="alert" className="mt-1 font-medium text-red-700 dark:text-red-300">
            {result.error.message}
          </p>
        )}
      </div>
      <Button type="submit" variant="secondary" size="sm" className="shrink-0 sm:w-56" disabled={pending} aria-busy={pending}>
        {pending ? 'Asking Stripe…' : label}
      </Button>
    </form>
  )
}

'use client'
import Link from 'next/link'
import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import type { ActionResult } from '@/lib/auth/action'

type Props = { action: (input: FormData) => Promise<ActionResult<{ used: number }>> }

/** Buttons that spend API calls through a server action; the page re-renders with the new total. */
export function SpendForm({ action }: Props) {
  const [result, run, pending] = useActionState((_previous: ActionResult<{ used: number }> | null, form: FormData) => action(form), null)
  return (
    <form action={run} className="mt-4">
      <fieldset disabled={pending} className="flex flex-wrap gap-3">
        <legend className="sr-only">Make API calls</legend>
        {[1, 100, 1000].map((calls) => (
          <Button key={calls} type="submit" name="calls" value={String(calls)} variant={calls === 1 ? 'primary' : 'secondary'} aria-busy={pending}>
            {`Make ${calls.toLocaleString('en-US')} call${calls === 1 ? '' : 's'}`}
          </Button>
        ))}
      </fieldset>
      <p aria-live="polite" className="mt-3 min-h-5 text-sm">
        {result?.ok && <span className="text-zinc-700 dark:text-zinc-300">Recorded. {result.data.used.toLocaleString('en-US')} API calls used this period.</span>}
        {result && !result.ok && (
          <span role="alert" className="text-red-700 dark:text-red-300">
            {result.error.message}{' '}
            <Link href="/pricing" className="font-medium underline">
              See plans
            </Link>
          </span>
        )}
      </p>
    </form>
  )
}

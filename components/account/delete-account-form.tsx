'use client'
import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import type { ActionResult } from '@/lib/auth/action'

type Props = { action: (input: FormData) => Promise<ActionResult<unknown>>; email: string }

/** Asks for the email address as the confirmation, then runs the deletion; the error, if any, in words below. */
export function DeleteAccountForm({ action, email }: Props) {
  const [result, run, pending] = useActionState((_previous: ActionResult<unknown> | null, form: FormData) => action(form), null)
  const error = result && !result.ok ? result.error : null
  return (
    <form action={run} className="mt-6 space-y-3">
      <label htmlFor="confirm-email" className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">
        Type <span className="font-semibold">{email}</span> to confirm
      </label>
      <input
        id="confirm-email"
        name="confirmEmail"
        type="email"
        required
        autoComplete="off"
        aria-describedby={error ? 'delete-account-error' : undefined}
        className="block h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
      />
      <Button
        type="submit"
        disabled={pending}
        aria-busy={pending}
        className="w-full bg-red-700 hover:bg-red-800 focus-visible:outline-red-600 sm:w-auto dark:bg-red-700 dark:hover:bg-red-600"
      >
        {pending ? 'Deleting…' : 'Delete my account'}
      </Button>
      {error && (
        <p id="delete-account-error" role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error.message}
        </p>
      )}
    </form>
  )
}

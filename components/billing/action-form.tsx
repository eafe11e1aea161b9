'use client'
import Link from 'next/link'
import { useActionState } from 'react'
import { Button, type ButtonSize, type ButtonVariant } from '@/components/ui/button'
import type { ActionResult } from '@/lib/auth/action'

type Props = {
  action: (input: FormData) => Promise<ActionResult<unknown>>
  fields?: Record<string, string>
  label: string
  /** The button's accessible name when `label` alone is ambiguous ("Remove" in a list). */
  accessibleLabel?: string
  pendingLabel: string
  variant?: ButtonVariant
  size?: ButtonSize
  className?: string
}

/**
 * A button that runs a server action: disabled and relabelled while it runs, and the action's error in words
 * underneath. Successful billing actions redirect (to Stripe), so there is no success state to show.
 */
export function ActionForm({ action, fields = {}, label, accessibleLabel, pendingLabel, variant, size, className }: Props) {
  const [result, run, pending] = useActionState((_previous: ActionResult<unknown> | null, form: FormData) => action(form), null)
  const error = result && !result.ok ? result.error : null
  return (
    <form action={run} className={className}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant={variant} size={size} className="w-full" disabled={pending} aria-busy={pending} aria-label={accessibleLabel && !pending ? accessibleLabel : undefined}>
        {pending ? pendingLabel : label}
      </Button>
      {error && (
        <p role="alert" className="mt-2 text-sm whitespace-pre-wrap text-red-700 dark:text-red-300">
          {error.message}{' '}
          {error.code === 'unauthenticated' && (
            <Link href="/sign-in?callbackUrl=%2Fpricing" className="font-medium underline">
              Sign in
            </Link>
          )}
        </p>
      )}
    </form>
  )
}

'use client'
import { useRouter } from 'next/navigation'
import { useId, useState, useTransition } from 'react'
import type { ActionResult } from '@/lib/auth/action'

type Props = {
  action: (input: { organizationId: string }) => Promise<ActionResult<unknown>>
  activeId: string
  options: { id: string; name: string }[]
}

/** A select that switches the active organization as soon as one is picked; busy while it switches, errors in words. */
export function OrganizationSelect({ action, activeId, options }: Props) {
  const router = useRouter()
  const [pending, startTransition] = useTransition()
  const [error, setError] = useState<string | null>(null)
  // The header renders one in its row and one in its narrow-screen menu: each needs ids of its own.
  const id = useId()
  return (
    <div className="relative min-w-0">
      <label htmlFor={id} className="sr-only">
        Active organization
      </label>
      <select
        id={id}
        value={activeId}
        disabled={pending}
        aria-busy={pending}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => {
          const organizationId = event.target.value
          setError(null)
          startTransition(async () => {
            const result = await action({ organizationId })
            if (!result.ok) setError(result.error.message)
            router.refresh()
          })
        }}
        className="h-9 w-full max-w-full truncate rounded-lg border border-zinc-300 bg-white px-2 text-sm text-zinc-900 lg:w-auto lg:max-w-48 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.name}
          </option>
        ))}
      </select>
      {error && (
        <p id={`${id}-error`} role="alert" className="absolute top-10 right-0 w-56 rounded-md bg-white p-2 text-xs text-red-700 shadow dark:bg-zinc-900 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  )
}

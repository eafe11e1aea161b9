'use client'
import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import type { ActionResult } from '@/lib/auth/action'

type Field = { name: string; label: string; type?: 'text' | 'email'; defaultValue?: string; autoComplete?: string }

type Props = {
  action: (input: FormData) => Promise<ActionResult<unknown>>
  id: string
  fields: Field[]
  /** A role picker, for invitations. */
  roles?: { value: string; label: string }[]
  /** The role the picker starts on. */
  role?: string
  hidden?: Record<string, string>
  label: string
  pendingLabel: string
  doneMessage?: string
}

/** A small form (a name, an email and role) for an organization action: busy while it runs, errors in words. */
export function TextActionForm({ action, id, fields, roles, role, hidden = {}, label, pendingLabel, doneMessage }: Props) {
  const [result, run, pending] = useActionState((_previous: ActionResult<unknown> | null, form: FormData) => action(form), null)
  const error = result && !result.ok ? result.error : null
  const input =
    'block h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100'
  return (
    <form action={run} className="space-y-2">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
      {fields.map((field) => (
        <div key={field.name} className="min-w-0 flex-1">
          <label htmlFor={`${id}-${field.name}`} className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">
            {field.label}
          </label>
          <input
            id={`${id}-${field.name}`}
            name={field.name}
            type={field.type ?? 'text'}
            required
            defaultValue={field.defaultValue}
            autoComplete={field.autoComplete ?? 'off'}
            aria-describedby={error ? `${id}-error` : undefined}
            className={`mt-1 ${input}`}
          />
        </div>
      ))}
      {roles && (
        <div>
          <label htmlFor={`${id}-role`} className="block text-sm font-medium text-zinc-900 dark:text-zinc-100">
            Role
          </label>
          <select id={`${id}-role`} name="role" defaultValue={role ?? roles[roles.length - 1]?.value} className={`mt-1 ${input}`}>
            {roles.map((role) => (
              <option key={role.value} value={role.value}>
                {role.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <Button type="submit" disabled={pending} aria-busy={pending} className="sm:w-40">
        {pending ? pendingLabel : label}
      </Button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm whitespace-pre-wrap text-red-700 dark:text-red-300">
          {error.message}
        </p>
      )}
      {result?.ok && doneMessage && (
        <p role="status" className="text-sm text-green-700 dark:text-green-300">
          {doneMessage}
        </p>
      )}
    </form>
  )
}

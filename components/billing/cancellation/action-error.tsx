import type { ActionError as Failure } from '@/lib/auth/action'

/** An action's failure in words: its message, or, for invalid input, what is wrong with each field. */
export function ActionError({ error }: { error: Failure | null }) {
  if (!error) return null
  const fieldMessages = Object.values(error.fields ?? {}).flatMap((messages) => messages ?? [])
  return (
    <p role="alert" className="text-sm whitespace-pre-wrap text-red-700 dark:text-red-300">
      {fieldMessages.length > 0 ? fieldMessages.join(' ') : error.message}
    </p>
  )
}

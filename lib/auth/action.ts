import 'server-only'
import { unstable_rethrow } from 'next/navigation'
import { z } from 'zod'
import { getCurrentUser, type SessionUser } from './session'

export type ActionErrorCode =
  | 'unauthenticated'
  | 'invalid_input'
  | 'forbidden'
  | 'not_configured'
  | 'conflict'
  | 'not_found'
  | 'rate_limited'
  | 'payment_failed'
  | 'internal'
export type ActionError = { code: ActionErrorCode; message: string; fields?: Record<string, string[] | undefined> }
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError }

/** Thrown by an action's body to answer with a typed error the UI can show as it is. */
export class ActionFailure extends Error {
  constructor(
    readonly code: ActionErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Every server action goes through this: it requires a session, validates the input with `schema`, and turns
 * failures into `{ ok: false, error }` with words a person can read. `redirect()` inside `run` still redirects.
 */
export function actionWithUser<S extends z.ZodType, T>(schema: S, run: (input: z.output<S>, user: SessionUser) => Promise<T>) {
  return async (input: FormData | z.input<S>): Promise<ActionResult<T>> => {
    const user = await getCurrentUser()
    if (!user) return { ok: false, error: { code: 'unauthenticated', message: 'Sign in to continue.' } }
    return runValidated(schema, input, (parsed) => run(parsed, user))
  }
}

/**
 * Validates `input` with `schema` and runs `run`, answering as `actionWithUser` does; for action wrappers that
 * authorize differently (the operator console's `operatorAction`).
 */
export async function runValidated<S extends z.ZodType, T>(schema: S, input: FormData | z.input<S>, run: (input: z.output<S>) => Promise<T>): Promise<ActionResult<T>> {
  const parsed = schema.safeParse(input instanceof FormData ? Object.fromEntries(input) : input)
  if (!parsed.success) {
    const fields = z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>
    return { ok: false, error: { code: 'invalid_input', message: 'That request was not valid.', fields } }
  }
  try {
    return { ok: true, data: await run(parsed.data) }
  } catch (error) {
    unstable_rethrow(error)
    if (error instanceof ActionFailure) return { ok: false, error: { code: error.code, message: error.message } }
    console.error('server action failed', error)
    return { ok: false, error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } }
  }
}

import 'server-only'
import { notFound } from 'next/navigation'
import type { z } from 'zod'
import { runValidated, type ActionResult } from '@/lib/auth/action'
import { currentOperator, type Operator } from './operators'

/**
 * Every operator console action goes through this. A visitor or a non-operator gets what a missing page gives:
 * Next's `notFound()`, which a Server Function answers with a 404 (docs/decisions/0031-operator-actions-and-audit.md),
 * before the input is even read. An operator's input is validated and errors answered in words, as `actionWithUser`.
 */
export function operatorAction<S extends z.ZodType, T>(schema: S, run: (input: z.output<S>, operator: Operator) => Promise<T>) {
  return async (input: FormData | z.input<S>): Promise<ActionResult<T>> => {
    const operator = await currentOperator()
    if (!operator) notFound()
    return runValidated(schema, input, (parsed) => run(parsed, operator))
  }
}

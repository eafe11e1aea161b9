'use client'
import { lazy, Suspense, type ComponentProps } from 'react'

// The plan card's buttons for a signed-in user, each in a chunk of its own that only a page rendering one fetches:
// a visitor's /pricing never loads their code (useActionState, the plan-change preview). React.lazy rather than
// next/dynamic, whose loader would join every page's scripts (decision 0058). The server renders them in full, so
// the forms work before any script has loaded.
const LazyActionForm = lazy(() => import('./action-form').then((m) => ({ default: m.ActionForm })))
const LazyPlanChangeButton = lazy(() => import('./plan-change/plan-change-button').then((m) => ({ default: m.PlanChangeButton })))

export function CheckoutActionForm(props: ComponentProps<typeof LazyActionForm>) {
  return (
    <Suspense>
      <LazyActionForm {...props} />
    </Suspense>
  )
}

export function PlanChangeButton(props: ComponentProps<typeof LazyPlanChangeButton>) {
  return (
    <Suspense>
      <LazyPlanChangeButton {...props} />
    </Suspense>
  )
}

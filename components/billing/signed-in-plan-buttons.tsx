import type { ButtonVariant } from '@/components/ui/button'
import { checkout } from '@/lib/billing/actions'
import { ActionForm } from './action-form'
import { PlanChangeButton } from './plan-change/plan-change-button'

// The plan card's buttons for a signed-in user. PlanCard loads this file with next/dynamic, so their client code
// (useActionState, the plan-change preview) is fetched only by a page that renders one: a visitor's /pricing ships
// none of it (decision 0058).

type Props = { lookupKey: string; label: string; variant: ButtonVariant }

export function CheckoutButton({ lookupKey, label, variant }: Props) {
  return <ActionForm action={checkout} fields={{ lookupKey }} label={label} pendingLabel="Opening checkout…" variant={variant} />
}

export function ChangePlanButton({ lookupKey, label, variant }: Props) {
  return <PlanChangeButton lookupKey={lookupKey} label={label} variant={variant} />
}

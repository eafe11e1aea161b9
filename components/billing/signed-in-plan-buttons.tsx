'use client'
import dynamic from 'next/dynamic'

// The plan card's buttons for a signed-in user, split into chunks of their own: a page that renders one fetches its
// code (useActionState, the plan-change preview), a visitor's /pricing, which renders neither, does not (decision
// 0058). Imported here, in a client module, because Next splits only a client component's dynamic imports.
export const CheckoutActionForm = dynamic(() => import('./action-form').then((m) => m.ActionForm))
export const PlanChangeButton = dynamic(() => import('./plan-change/plan-change-button').then((m) => m.PlanChangeButton))

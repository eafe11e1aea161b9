'use server'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { ActionFailure, actionWithUser } from '@/lib/auth/action'
import { endBrowserSession } from '@/lib/auth/end-browser-session'
import { requestSeatSync } from '@/lib/organizations/request-seat-sync'
import { getStripe } from '@/lib/stripe/client'
import { deleteAccount } from './delete-account'

/** Deletes the signed-in user's account once they have typed their email address to confirm. */
export const deleteMyAccount = actionWithUser(z.object({ confirmEmail: z.string().max(320) }), async ({ confirmEmail }, user) => {
  if (!user.email || confirmEmail.trim().toLowerCase() !== user.email.toLowerCase()) {
    throw new ActionFailure('invalid_input', 'Type your email address exactly as shown to confirm.')
  }
  const { leftOrganizations } = await deleteAccount(getStripe(), user.id)
  for (const organizationId of leftOrganizations) await requestSeatSync(organizationId)
  await endBrowserSession() // the row went with the user; this clears the cookie
  redirect('/account-deleted')
})

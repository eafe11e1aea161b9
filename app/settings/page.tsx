import type { Metadata } from 'next'
import Link from 'next/link'
import { DeleteAccountForm } from '@/components/account/delete-account-form'
import { Container } from '@/components/ui/container'
import { deleteMyAccount } from '@/lib/account/actions'
import { requireUser } from '@/lib/auth/session'
import { getEntitlements } from '@/lib/billing/get-entitlements'
import { getActiveOrganization } from '@/lib/organizations/active-organization'

export const metadata: Metadata = { title: 'Settings' }

export default async function SettingsPage() {
  const user = await requireUser('/settings')
  const personal = await getActiveOrganization(user).then((active) => (active.personal ? active : null))
  const { subscription } = personal ? await getEntitlements(personal.id) : { subscription: null }
  const email = user.email ?? ''

  return (
    <Container className="max-w-2xl py-12">
      <h1 className="text-3xl font-semibold tracking-tight text-zinc-900 dark:text-white">Settings</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">Signed in as {email}.</p>
      <p className="mt-4">
        <Link href="/settings/organization" className="font-medium text-brand-700 underline dark:text-brand-400">
          Organization settings
        </Link>{' '}
        <span className="text-zinc-600 dark:text-zinc-400">— members, roles and invitations.</span>
      </p>

      <section aria-labelledby="delete-account" className="mt-10 rounded-2xl border border-red-200 p-6 dark:border-red-900/60">
        <h2 id="delete-account" className="text-lg font-semibold text-zinc-900 dark:text-white">Delete your account</h2>
        <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
          {subscription && (
            <li>
              Your subscription is canceled at once. You are not charged again, and the rest of the current period is
              not refunded.
            </li>
          )}
          <li>You are signed out everywhere, and your account and its data are deleted. This cannot be undone.</li>
          <li>Invoices and receipts already issued stay with Stripe, our payment processor, as the law requires.</li>
        </ul>
        <DeleteAccountForm action={deleteMyAccount} email={email} />
      </section>
    </Container>
  )
}

import type { Metadata } from 'next'
import Link from 'next/link'
import { DeleteAccountForm } from '@/components/account/delete-account-form'
import { Container } from '@/components/ui/container'
import { deleteMyAccount } from '@/lib/account/actions'
import { requireUser } from '@/lib/auth/session'
import { deletionPreview } from '@/lib/account/owned-organizations'

export const metadata: Metadata = { title: 'Settings' }

export default async function SettingsPage() {
  const user = await requireUser('/settings')
  const { deleted, blocking } = await deletionPreview(user.id)
  const subscribed = deleted.filter((organization) => organization.subscribed).map((organization) => organization.name)
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
          {blocking.length > 0 && (
            <li className="font-medium text-zinc-900 dark:text-white">
              First make another member an owner of {list(blocking)}, or remove its members: you are its only owner, and it has other members.
            </li>
          )}
          {subscribed.length > 0 && (
            <li>
              The subscription of {list(subscribed)}, which only you belong to, is canceled at once. You are not charged again, and
              the rest of the current period is not refunded.
            </li>
          )}
          <li>
            You are signed out everywhere, and your account and its data are deleted
            {deleted.length > 0 ? `, with ${list(deleted.map((organization) => organization.name))}` : ''}. This cannot be undone.
          </li>
          <li>Invoices and receipts already issued stay with Stripe, our payment processor, as the law requires.</li>
        </ul>
        <DeleteAccountForm action={deleteMyAccount} email={email} />
      </section>
    </Container>
  )
}

const list = (names: string[]) => new Intl.ListFormat('en', { type: 'conjunction' }).format(names)

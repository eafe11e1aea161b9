import type { Metadata } from 'next'
import Link from 'next/link'
import { AuthCard } from '@/components/auth/auth-card'

export const metadata: Metadata = { title: 'Account deleted', robots: { index: false } }

export default function AccountDeletedPage() {
  return (
    <AuthCard title="Your account is deleted" lead="You are signed out everywhere, and any subscription of an organization only you belonged to is canceled. Thank you for having been with us.">
      <Link href="/" className="font-medium text-brand-700 underline underline-offset-2 dark:text-brand-300">
        Back to the home page
      </Link>
    </AuthCard>
  )
}

import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { AuthCard } from '@/components/auth/auth-card'
import { SignOutButton } from '@/components/auth/sign-out-button'
import { getCurrentUser } from '@/lib/auth/session'

export const metadata: Metadata = { title: 'Sign out' }

export default async function SignOutPage() {
  const user = await getCurrentUser()
  if (!user) redirect('/')
  return (
    <AuthCard title="Sign out" lead={`You are signed in as ${user.email ?? 'an account without an email'}.`}>
      <SignOutButton size="lg" className="w-full" />
    </AuthCard>
  )
}

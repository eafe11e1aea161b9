import type { ReactNode } from 'react'
import { Container } from '@/components/ui/container'

/** The narrow, centred card the sign-in pages share. */
export function AuthCard({ title, lead, children }: { title: string; lead: string; children: ReactNode }) {
  return (
    <Container className="flex justify-center py-16 sm:py-24">
      <div className="w-full max-w-md rounded-2xl border border-zinc-200 bg-white p-8 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">{title}</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{lead}</p>
        <div className="mt-8">{children}</div>
      </div>
    </Container>
  )
}

import type { ReactNode } from 'react'

// The reference for the pages' Lighthouse benchmark (bench/lighthouse.ts): a bare Next.js page, no CSS, no fonts.
export const metadata = { title: 'Bare Next.js page', description: 'The reference page for Tollgate’s Lighthouse benchmark.' }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}

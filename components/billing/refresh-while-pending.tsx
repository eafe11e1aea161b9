'use client'
import { useRouter } from 'next/navigation'
import { useEffect } from 'react'

/** Re-renders the page every few seconds, so a payment that is still settling shows up when it lands. */
export function RefreshWhilePending({ everyMs = 4000 }: { everyMs?: number }) {
  const router = useRouter()
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs)
    return () => clearInterval(timer)
  }, [router, everyMs])
  return null
}

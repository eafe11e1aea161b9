'use server'
import { redirect } from 'next/navigation'
import { endBrowserSession } from './end-browser-session'

/** Ends the session in the database (so the cookie is worthless everywhere) and clears the cookie. */
export async function signOut(): Promise<void> {
  await endBrowserSession()
  redirect('/')
}

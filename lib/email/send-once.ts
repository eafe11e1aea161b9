import 'server-only'
import { db } from '@/lib/db'
import { isUniqueViolation } from '@/lib/db/errors'
import { sendEmail, type Email } from './send-email'

/**
 * Sends `email` unless an email with this key was sent before. The key's row is claimed first (a unique id, so
 * concurrent or repeated runs cannot both send) and released if sending fails, so a retry can send it then.
 */
export async function sendEmailOnce(key: string, email: Email): Promise<'sent' | 'already_sent'> {
  try {
    await db.sentEmail.create({ data: { id: key, to: email.to } })
  } catch (error) {
    if (isUniqueViolation(error)) return 'already_sent'
    throw error
  }
  try {
    await sendEmail(email)
  } catch (error) {
    await db.sentEmail.delete({ where: { id: key } })
    throw error
  }
  return 'sent'
}

import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A Stripe-looking id: the object's prefix and random base62, so code that sniffs prefixes behaves as in production. */
export function newId(prefix: string, length = 24): string {
  const bytes = randomBytes(length)
  let suffix = ''
  for (const byte of bytes) suffix += ALPHABET[byte % ALPHABET.length]
  return `${prefix}${suffix}`
}

import { describe, expect, it } from 'vitest'
import { emailAddressProblem } from '@/lib/auth/email-address'

describe('an address the sign-in form refuses', () => {
  it('a local domain such as localhost gets a sentence saying why no link can reach it', () => {
    expect(emailAddressProblem('alice@localhost')).toBe(
      '“alice@localhost” has no domain a mail server can deliver to (localhost has no dot, as example.com has). Sign-in links go to a real mailbox: use an address like you@example.com.',
    )
  })

  it('every shape next-auth would refuse is named before next-auth is asked', () => {
    expect(emailAddressProblem('not-an-address')).toMatch(/needs exactly one @/)
    expect(emailAddressProblem('a@b@example.com')).toMatch(/needs exactly one @/)
    expect(emailAddressProblem('"a"@example.com')).toMatch(/quotation marks/)
    expect(emailAddressProblem('@example.com')).toMatch(/missing the part before the @/)
    expect(emailAddressProblem('alice@')).toMatch(/missing the part after the @/)
    expect(emailAddressProblem('ali ce@example.com')).toMatch(/has a space/)
    expect(emailAddressProblem('alice@example.')).toMatch(/no domain a mail server can deliver to/)
    expect(emailAddressProblem('  ')).toBe('Enter your email address.')
    expect(emailAddressProblem(`${'a'.repeat(320)}@example.com`)).toMatch(/longer than 320/)
  })

  it('ordinary addresses pass, surrounding spaces aside', () => {
    for (const address of ['alice@example.com', ' Alice.Smith+billing@mail.example.co.uk ', 'x@sub.localhost.dev']) expect(emailAddressProblem(address)).toBeNull()
  })
})

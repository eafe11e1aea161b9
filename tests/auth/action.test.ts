import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { nextHeadersMock, request, signInAs, signOutOfRequest } from '../support/request-context'

vi.mock('next/headers', () => nextHeadersMock())

const { db } = await import('@/lib/db')
const { actionWithUser, ActionFailure } = await import('@/lib/auth/action')
const { requireUser } = await import('@/lib/auth/session')
const { signOut } = await import('@/lib/auth/actions')

const rename = actionWithUser(z.object({ name: z.string().trim().min(1, 'Enter a name').max(50) }), async ({ name }, user) => {
  if (name === 'taken') throw new ActionFailure('conflict', 'That name is taken.')
  if (name === 'boom') throw new Error('database on fire')
  await db.user.update({ where: { id: user.id }, data: { name } })
  return { name }
})

const form = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [key, value] of Object.entries(fields)) data.set(key, value)
  return data
}

afterEach(signOutOfRequest)

describe('server actions', () => {
  it('refuse a visitor with a typed error, and change nothing', async () => {
    expect(await rename(form({ name: 'Mallory' }))).toEqual({ ok: false, error: { code: 'unauthenticated', message: 'Sign in to continue.' } })
  })

  it('refuse an expired session', async () => {
    await signInAs(db, 'expired@example.com', { expires: new Date(Date.now() - 1000) })
    expect(await rename({ name: 'Late' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
  })

  it('validate input and say which field is wrong', async () => {
    await signInAs(db, 'valid@example.com')
    const result = await rename(form({ name: '   ' }))
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { name: ['Enter a name'] } } })
  })

  it('run for the signed-in user with parsed input', async () => {
    const user = await signInAs(db, 'runs@example.com')
    expect(await rename(form({ name: '  Ada  ' }))).toEqual({ ok: true, data: { name: 'Ada' } })
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('Ada')
  })

  it('pass an ActionFailure through as words, and hide unexpected errors', async () => {
    await signInAs(db, 'fails@example.com')
    expect(await rename({ name: 'taken' })).toEqual({ ok: false, error: { code: 'conflict', message: 'That name is taken.' } })
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    const result = await rename({ name: 'boom' })
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(result)).not.toContain('database on fire')
    expect(log).toHaveBeenCalled()
    log.mockRestore()
  })
})

describe('pages that hold data', () => {
  it('send a visitor to sign in, coming back to the page', async () => {
    await expect(requireUser('/billing')).rejects.toMatchObject({ digest: expect.stringContaining('/sign-in?callbackUrl=%2Fbilling') })
  })

  it('serve a signed-in user', async () => {
    const user = await signInAs(db, 'page@example.com')
    expect(await requireUser('/billing')).toMatchObject({ id: user.id, email: 'page@example.com' })
  })
})

describe('signing out', () => {
  it('deletes the session row and the cookie', async () => {
    await signInAs(db, 'leaving@example.com')
    const token = request.cookies.get('next-auth.session-token')!
    await expect(signOut()).rejects.toMatchObject({ digest: expect.stringContaining(';/;') })
    expect(await db.session.findUnique({ where: { sessionToken: token } })).toBeNull()
    expect(request.cookies.has('next-auth.session-token')).toBe(false)
  })
})

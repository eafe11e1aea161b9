import { describe, expect, it } from 'vitest'
import { safeRedirectPath } from '@/lib/auth/safe-redirect'

const origin = 'http://localhost:3000'

describe('redirects stay on this site', () => {
  it.each([
    ['/billing', '/billing'],
    ['/billing?tab=invoices#latest', '/billing?tab=invoices#latest'],
    ['http://localhost:3000/dashboard', '/dashboard'],
    ['HTTP://LOCALHOST:3000/dashboard', '/dashboard'],
    ['/dashboard/settings%20page', '/dashboard/settings%20page'],
  ])('keeps the same-origin path %s', (input, expected) => {
    expect(safeRedirectPath(input, origin)).toBe(expected)
  })

  it.each([
    'https://evil.example/steal',
    'http://localhost:3000.evil.example/',
    'http://localhost:3000@evil.example/',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/%2F%2Fevil.example',
    '/%252F%252Fevil.example',
    '%2F%2Fevil.example',
    '/%5Cevil.example',
    'https:evil.example',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '/\t/evil.example',
    '/\n/evil.example',
    ' //evil.example',
    'dashboard',
    '',
    '/%E0%A4%A',
    '/sign-in',
    '/api/auth/signout',
  ])('refuses %j and falls back to /dashboard', (input) => {
    expect(safeRedirectPath(input, origin)).toBe('/dashboard')
  })

  it('refuses what is not a string', () => {
    expect(safeRedirectPath(undefined, origin)).toBe('/dashboard')
    expect(safeRedirectPath(['/billing'], origin)).toBe('/dashboard')
  })
})

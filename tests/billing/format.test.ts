import { describe, expect, it } from 'vitest'
import { formatAmount, minorUnitsPer } from '@/lib/billing/format'

describe('money as the pages show it', () => {
  it('reads Stripe’s smallest unit: cents, whole yen, thousandths of a dinar', () => {
    expect(formatAmount(1900, 'usd')).toBe('$19')
    expect(formatAmount(1234, 'usd')).toBe('$12.34')
    expect(formatAmount(-650, 'eur')).toBe('-€6.50')
    expect(formatAmount(500, 'jpy')).toBe('¥500')
    expect(formatAmount(15000, 'krw')).toBe('₩15,000')
    expect(formatAmount(1250, 'kwd')).toBe('KWD\u00a01.250') // Intl puts a no-break space after a code
    expect(formatAmount(3000, 'kwd')).toBe('KWD\u00a03')
  })

  it('knows which currencies have no minor unit and which have three', () => {
    expect([minorUnitsPer('USD'), minorUnitsPer('jpy'), minorUnitsPer('XOF'), minorUnitsPer('bhd')]).toEqual([100, 1, 1, 1000])
  })
})

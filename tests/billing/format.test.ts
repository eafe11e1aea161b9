import { describe, expect, it } from 'vitest'
import { formatAmount, formatCharge, minorUnitsPer } from '@/lib/billing/format'

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

describe('what a team pays', () => {
  const team = { unitAmount: 4900, currency: 'usd', interval: 'month' }

  it('is the whole charge, then how it is made: seats × the price per seat', () => {
    expect(formatCharge(team, { perSeat: true, quantity: 2 })).toBe('$98 / month — 2 seats × $49')
    expect(formatCharge({ ...team, unitAmount: 49000, interval: 'year' }, { perSeat: true, quantity: 20 })).toBe('$9,800 / year — 20 seats × $490')
  })

  it('names the one seat of a single-seat team, and nothing for a flat price', () => {
    expect(formatCharge(team, { perSeat: true, quantity: 1 })).toBe('$49 / month — 1 seat')
    expect(formatCharge(team, { perSeat: false, quantity: 1 })).toBe('$49 / month')
    // Stripe bills every quantity: a flat price bought twice is still twice the price.
    expect(formatCharge(team, { perSeat: false, quantity: 2 })).toBe('$98 / month — 2 × $49')
    expect(formatCharge({ ...team, interval: null }, { perSeat: false, quantity: 1 })).toBe('$49')
  })
})

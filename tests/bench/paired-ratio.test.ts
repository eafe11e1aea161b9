import { describe, expect, it } from 'vitest'
import { describeRatio, pairedRatio, type TargetRun } from '../../bench/report'

// Only what pairedRatio reads; the rest of a run does not matter here.
const run = (rps: number, p99 = 100) => ({ load: { rps, latencyMs: { p99 } } }) as unknown as TargetRun

describe('the bench’s paired ratios', () => {
  it('divides within each round, then takes the median, so one slow round of one server is one outlier, not the result', () => {
    // The reference's second run fell to 540 events/s (a slow minute of the machine), the route's runs did not.
    const route = [run(600), run(510), run(590)]
    const noop = [run(880), run(540), run(860)]
    const ratio = pairedRatio(route, noop, (r) => r.load.rps)
    expect(ratio.perRound.map((v) => Number(v.toFixed(3)))).toEqual([0.682, 0.944, 0.686])
    expect(ratio.median).toBeCloseTo(0.686, 3)
    expect([ratio.min, ratio.max].map((v) => Number(v.toFixed(3)))).toEqual([0.682, 0.944])
    expect(describeRatio(ratio)).toBe('0.69× (rounds 0.68–0.94)')
  })

  it('pairs only the rounds both servers ran', () => {
    const ratio = pairedRatio([run(500), run(400)], [run(1000)], (r) => r.load.rps)
    expect(ratio.perRound).toEqual([0.5])
    expect(describeRatio(ratio)).toBe('0.50×')
  })

  it('works for latencies too', () => {
    expect(pairedRatio([run(1, 130), run(1, 90)], [run(1, 100), run(1, 100)], (r) => r.load.latencyMs.p99).median).toBeCloseTo(1.1, 5)
  })
})

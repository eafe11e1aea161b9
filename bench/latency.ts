/** Mean, median, 99th percentile and worst of a run's latencies: shared by the report and the measurements it reports. */
export type LatencySummary = { mean: number; p50: number; p99: number; max: number }

export function latencySummary(ms: readonly number[]): LatencySummary {
  const sorted = [...ms].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
  return { mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length, p50: at(50), p99: at(99), max: sorted.at(-1) ?? NaN }
}

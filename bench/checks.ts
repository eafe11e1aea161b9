// The shapes every scenario reports in, apart from bench/report.ts so that a scenario (bench/usage-scenario.ts) can
// use them while report.ts imports the scenario's table: no import circle (tests/architecture/import-graph.test.ts).

/**
 * A ratio of two servers, taken round by round and then the median of those: the two runs of a round are at most a
 * minute apart, so a swing of this machine's speed (the same server measured 367 and 985 events/s minutes apart,
 * decision 0037) lands on both sides of one ratio instead of on one side of a ratio of medians.
 */
export type PairedRatio = { median: number; min: number; max: number; perRound: number[] }

/** A failed check fails the bench (exit 1), unless it only warns. */
export type Check = { name: string; ok: boolean; detail: string; warnOnly?: boolean }

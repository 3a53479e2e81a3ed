/** One row of the `npm run bench` table. */
export interface BenchRow {
  /** What is measured, e.g. "sqlite", "wedge detector". */
  group: string;
  /** The measure, e.g. "durable enqueue p99". */
  name: string;
  /** The figure with its unit, e.g. "0.35 ms". */
  value: string;
  /** The target from DESIGN.md §6 or the issue, if any. */
  target?: string;
  /** Whether the figure meets the target (undefined when there is none). */
  ok?: boolean;
}

/** Percentile of a list of numbers (nearest-rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export const ms = (value: number, digits = 2): string => `${value.toFixed(digits)} ms`;

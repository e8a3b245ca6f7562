/**
 * A log-linear latency histogram in the manner of HdrHistogram: values are
 * kept in whole microseconds; below 2^precisionBits each value has its own
 * bucket, above it every doubling is split into 2^(precisionBits-1) equal
 * buckets. With the default 7 bits a bucket is at most 1/64 (1.6 %) of its
 * values wide, whatever the scale, in a few hundred sparse counters, so a
 * minute of samples and a day of them cost the same and percentiles never
 * come from averages.
 */

export interface LatencySummary {
  count: number;
  /** Milliseconds; NaN without samples. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** One non-empty bucket: values in [lowerMs, upperMs). */
export interface HistogramBucket {
  lowerMs: number;
  upperMs: number;
  count: number;
}

const microsPerMs = 1000;

export class LogLinearHistogram {
  private readonly counts = new Map<number, number>();
  private readonly precisionBits: number;
  private total = 0;
  private maxMicros = 0;
  private minMicros = Number.POSITIVE_INFINITY;

  constructor(precisionBits = 7) {
    if (!Number.isInteger(precisionBits) || precisionBits < 2 || precisionBits > 16)
      throw new Error('precisionBits must be a whole number from 2 to 16');
    this.precisionBits = precisionBits;
  }

  /** Records one latency in ms; a negative one (clock steps) counts as 0. */
  record(ms: number): void {
    if (!Number.isFinite(ms)) throw new Error(`not a latency: ${ms}`);
    const micros = Math.max(0, Math.round(ms * microsPerMs));
    const key = this.keyOf(micros);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total += 1;
    this.maxMicros = Math.max(this.maxMicros, micros);
    this.minMicros = Math.min(this.minMicros, micros);
  }

  get count(): number {
    return this.total;
  }

  /**
   * The value at quantile q (0–1], in ms: the highest value its bucket holds,
   * kept within the recorded min and max, as HdrHistogram reports it.
   */
  valueAtQuantile(q: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (const key of this.sortedKeys()) {
      seen += this.counts.get(key)!;
      if (seen >= rank) {
        const highest = this.upperOf(key) - 1;
        return Math.min(this.maxMicros, Math.max(this.minMicros, highest)) / microsPerMs;
      }
    }
    return this.maxMicros / microsPerMs;
  }

  summary(): LatencySummary {
    return {
      count: this.total,
      p50: this.valueAtQuantile(0.5),
      p95: this.valueAtQuantile(0.95),
      p99: this.valueAtQuantile(0.99),
      max: this.total === 0 ? Number.NaN : this.maxMicros / microsPerMs,
    };
  }

  /** The non-empty buckets, lowest first. */
  buckets(): HistogramBucket[] {
    return this.sortedKeys().map((key) => ({
      lowerMs: this.lowerOf(key) / microsPerMs,
      upperMs: this.upperOf(key) / microsPerMs,
      count: this.counts.get(key)!,
    }));
  }

  private keyOf(micros: number): number {
    const shift = Math.max(0, bitLength(micros) - this.precisionBits);
    return shift * 2 ** (this.precisionBits - 1) + Math.floor(micros / 2 ** shift);
  }

  private shiftOf(key: number): number {
    const half = 2 ** (this.precisionBits - 1);
    return key < 2 * half ? 0 : Math.floor(key / half) - 1;
  }

  private lowerOf(key: number): number {
    const shift = this.shiftOf(key);
    return (key - shift * 2 ** (this.precisionBits - 1)) * 2 ** shift;
  }

  private upperOf(key: number): number {
    return this.lowerOf(key) + 2 ** this.shiftOf(key);
  }

  private sortedKeys(): number[] {
    return [...this.counts.keys()].sort((a, b) => a - b);
  }
}

function bitLength(value: number): number {
  return value === 0 ? 0 : value.toString(2).length;
}

import type { Db } from '../db.js';
import { ApiError } from '../http-error.js';
import { hitRateLimit, peekRateLimit } from '../store.js';

const WINDOW_SECONDS = 60;

/**
 * Fixed one-minute windows counted in the database, so every replica shares the counters.
 * `hit` throws RATE_LIMITED (429, with `retryAfter` seconds) past `limit` hits in the window.
 */
export class RateLimits {
  constructor(private readonly db: Db) {}

  async hit(bucket: string, limit: number, now = Date.now()): Promise<void> {
    if (limit <= 0) return;
    const windowStart = this.windowOf(now);
    this.check(bucket, limit, await hitRateLimit(this.db, bucket, windowStart), now);
  }

  /** Throws RATE_LIMITED when the bucket already holds `limit` hits this window, counting nothing. */
  async refuseIfOver(bucket: string, limit: number, now = Date.now()): Promise<void> {
    if (limit <= 0) return;
    this.check(bucket, limit, (await peekRateLimit(this.db, bucket, this.windowOf(now))) + 1, now);
  }

  private windowOf(now: number): number {
    const seconds = Math.floor(now / 1000);
    return seconds - (seconds % WINDOW_SECONDS);
  }

  private check(bucket: string, limit: number, count: number, now: number): void {
    const seconds = Math.floor(now / 1000);
    const windowStart = this.windowOf(now);
    if (count > limit) {
      const retryAfter = Math.max(1, windowStart + WINDOW_SECONDS - seconds);
      throw new ApiError(429, 'RATE_LIMITED', 'Too many requests. Wait a moment and try again.', {
        details: `more than ${limit} requests per minute for ${bucket.split(':')[0]}`,
        retryable: true,
        retryAfter,
      });
    }
  }
}

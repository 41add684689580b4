import type { Db } from '../db.js';
import { ApiError } from '../http-error.js';
import { addRateLimitHits } from '../store.js';

const WINDOW_SECONDS = 60;

/** How often a replica adds its hits to the shared counters and learns the other replicas' (ms). */
export const RATE_LIMIT_SYNC_MS = 1000;

interface Counter {
  bucket: string;
  windowStart: number;
  /** The shared count (every replica's hits) as of this replica's last sync of the counter. */
  shared: number;
  /** Hits sent in the sync under way. */
  sending: number;
  /** Hits since then, not sent yet. */
  pending: number;
}

/**
 * Fixed one-minute windows, counted in this process and shared through the database without a
 * round trip per request: a hit is decided at once from the shared count as of the last sync
 * plus this replica's hits since, and every `syncMs` one statement adds the hits of every
 * counter that moved to the shared `rate_limits` table and reads back each one's total.
 *
 * One replica counts exactly. With N replicas on one database, a counter's total is every
 * replica's hits as of at most one sync ago, so a client spreading requests over replicas gets
 * the limit plus at most what the other replicas admit in about one sync interval before they
 * learn the total (then every replica refuses until the window ends). A failed sync keeps its
 * hits and sends them with the next one; counting in the process goes on meanwhile.
 *
 * `hit` throws RATE_LIMITED (429, with `retryAfter` seconds) past `limit` hits in the window.
 */
export class RateLimits {
  private readonly counters = new Map<string, Counter>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> = Promise.resolve();
  private busy = false;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly syncMs = RATE_LIMIT_SYNC_MS,
  ) {}

  async hit(bucket: string, limit: number, now = Date.now()): Promise<void> {
    if (limit <= 0) return;
    const windowStart = this.windowOf(now);
    const key = `${windowStart}|${bucket}`;
    let counter = this.counters.get(key);
    if (!counter) {
      counter = { bucket, windowStart, shared: 0, sending: 0, pending: 0 };
      this.counters.set(key, counter);
    }
    counter.pending++;
    this.schedule();
    this.check(bucket, limit, counter.shared + counter.sending + counter.pending, now);
  }

  /** Throws RATE_LIMITED when the bucket already holds `limit` hits this window, counting nothing. */
  async refuseIfOver(bucket: string, limit: number, now = Date.now()): Promise<void> {
    if (limit <= 0) return;
    const counter = this.counters.get(`${this.windowOf(now)}|${bucket}`);
    const count = counter ? counter.shared + counter.sending + counter.pending : 0;
    this.check(bucket, limit, count + 1, now);
  }

  /**
   * Adds this replica's hits so far to the shared counters and learns their totals (one
   * statement; none when nothing was hit since the last sync). Runs after a sync under way.
   */
  sync(): Promise<void> {
    const run = this.running.then(
      () => this.flush(),
      () => this.flush(),
    );
    this.running = run.catch(() => {});
    return run;
  }

  /** Stops the periodic sync after a last one (before the database closes). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.sync().catch(() => {});
  }

  private schedule() {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => {
      if (this.busy) return;
      // A failed sync keeps its hits for the next one.
      this.sync().catch(() => {});
    }, this.syncMs);
    this.timer.unref?.();
  }

  private async flush(): Promise<void> {
    const current = this.windowOf(Date.now());
    const batch: Counter[] = [];
    for (const [key, counter] of this.counters) {
      if (counter.pending > 0) {
        counter.sending = counter.pending;
        counter.pending = 0;
        batch.push(counter);
      } else if (counter.windowStart < current) this.counters.delete(key);
    }
    if (!batch.length) return;
    this.busy = true;
    try {
      const totals = await addRateLimitHits(
        this.db,
        batch.map((c) => ({ bucket: c.bucket, windowStart: c.windowStart, hits: c.sending })),
      );
      const byKey = new Map(totals.map((t) => [`${t.windowStart}|${t.bucket}`, t.hits]));
      for (const c of batch) {
        c.shared = Math.max(c.shared + c.sending, byKey.get(`${c.windowStart}|${c.bucket}`) ?? 0);
        c.sending = 0;
      }
    } catch (error) {
      for (const c of batch) {
        c.pending += c.sending;
        c.sending = 0;
      }
      throw error;
    } finally {
      this.busy = false;
    }
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

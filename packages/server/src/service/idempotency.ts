import type { Db } from '../db.js';
import { findIdempotent, saveIdempotent } from '../store.js';

export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
}

/** Stored first answers per (scope, Idempotency-Key). */
export class Idempotency {
  constructor(private readonly db: Db) {}

  find(scope: string, key: string): Promise<StoredAnswer | null> {
    return findIdempotent(this.db, scope, key);
  }

  /**
   * Stores the first answer for a key. Returns null when this answer is the stored one, else the
   * answer another request with the same key stored first.
   */
  async save(
    scope: string,
    key: string,
    requestHash: string,
    status: number,
    body: unknown,
  ): Promise<StoredAnswer | null> {
    if (await saveIdempotent(this.db, scope, key, requestHash, status, body)) return null;
    return findIdempotent(this.db, scope, key);
  }
}

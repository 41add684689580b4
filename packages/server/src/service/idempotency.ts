import type { Progress } from '@questboard/core';
import type { Db } from '../db.js';
import { sha256 } from '../secrets.js';
import {
  findIdempotent,
  findSessionWithAnswer,
  type StoredAnswerRow,
  saveIdempotent,
} from '../store.js';
import type { SessionLookup } from './auth.js';

export type StoredAnswer = StoredAnswerRow;

/** Stored first answers per (scope, Idempotency-Key). */
export class Idempotency {
  constructor(private readonly db: Db) {}

  find(scope: string, key: string): Promise<StoredAnswer | null> {
    return findIdempotent(this.db, scope, key);
  }

  /**
   * A bearer token's session together with the answer stored for `key` in the scope
   * `<session address><scopeSuffix>`, in one statement (the signed-in routes' first query);
   * with `progressCampaignId`, the wallet's progress in that campaign too (when no answer is
   * stored).
   */
  async sessionWithAnswer(
    token: string,
    scopeSuffix: string,
    key: string,
    progressCampaignId?: string,
  ): Promise<{ lookup: SessionLookup; answer: StoredAnswer | null; progress?: Progress }> {
    const found = await findSessionWithAnswer(
      this.db,
      sha256(token),
      scopeSuffix,
      key,
      progressCampaignId,
    );
    return found
      ? {
          lookup: { state: 'valid', session: found.session },
          answer: found.answer,
          ...(found.progress ? { progress: found.progress } : {}),
        }
      : { lookup: { state: 'expired' }, answer: null };
  }

  /**
   * Stores the first answer for a key (one statement that inserts or returns the stored one):
   * `json` is the answer's JSON text, exactly as it is sent. Returns null when this answer is
   * the stored one, else the answer another request with the same key stored first.
   */
  async save(
    scope: string,
    key: string,
    requestHash: string,
    status: number,
    json: string,
  ): Promise<StoredAnswer | null> {
    const saved = await saveIdempotent(this.db, scope, key, requestHash, status, json);
    if (saved === 'stored') return null;
    // 'raced': another request stored its answer after this statement's snapshot began.
    return saved === 'raced' ? findIdempotent(this.db, scope, key) : saved;
  }
}

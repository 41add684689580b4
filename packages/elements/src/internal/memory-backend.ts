import {
  type Campaign,
  hasRuleTasks,
  hasSchedules,
  lazyBackend,
  loadRulesValidator,
  loadScheduleEngine,
  type MemoryBackendOptions,
  type QuestBackend,
} from '@questboard/core';
import { loadTaskSchedule } from '../quest-task/task-schedule.eager.js';
import { takeEarlyCampaign } from './early-campaign.js';

/**
 * `memoryBackend(options)` loaded on first use (a chunk of its own in the script-tag build), whose
 * first paint does not wait for that chunk before asking for the campaign:
 *
 * - its code starts loading at once (`prefetch`, in browsers);
 * - `loadCampaign(url)` sends the campaign's request at once too, beside the chunk, and hands the
 *   response to the backend when the backend asks for that URL (the same request the backend
 *   would send: same URL, `accept: application/json`, through `options.fetch` when given);
 * - as soon as that JSON is in, what its first paint needs starts loading, while the backend's
 *   chunk may still be on its way: the rules validator for rule-backed tasks, the schedule
 *   engine and the schedule line for campaigns with schedules.
 *
 * So the backend's chunk, the campaign and those chunks load side by side instead of one after
 * another. Input tasks' patterns are checked after the first paint (`deferPatternCheck`: the
 * RE2 engine is the largest chunk), and before any answer is accepted. Nothing else changes: the
 * backend validates and reports failures as it always does (a failed early request is the
 * backend's failed request; a retry sends a new one).
 */
export function lazyMemoryBackend(options: MemoryBackendOptions = {}): QuestBackend {
  const send = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  /** Campaign responses asked for early, by URL, each handed out once. */
  const early = new Map<string, Promise<Response>>();
  const fetchEarly: typeof fetch = (input, init) => {
    const pending = typeof input === 'string' && !init?.signal ? early.get(input) : undefined;
    if (!pending) return send(input, init);
    early.delete(input as string);
    return pending;
  };
  const backend = lazyBackend(
    () =>
      import('@questboard/core/memory').then(({ memoryBackend }) =>
        memoryBackend({ deferPatternCheck: true, ...options, fetch: fetchEarly }),
      ),
    { prefetch: typeof window !== 'undefined' },
  );
  const loadCampaign = backend.loadCampaign;
  backend.loadCampaign = (ref, opts) => {
    const asked = typeof ref === 'string' && !opts?.signal ? askEarly(ref) : undefined;
    const loading = loadCampaign(ref, opts);
    // A response the backend never took (its chunk failed to load) is not kept for the retry.
    const forget = () => {
      if (asked && early.get(asked.url) === asked.pending) early.delete(asked.url);
    };
    loading.then(forget, forget);
    return loading;
  };
  return backend;

  function askEarly(ref: string): { url: string; pending: Promise<Response> } | undefined {
    let url: string;
    try {
      url = new URL(ref, typeof document !== 'undefined' ? document.baseURI : undefined).href;
    } catch {
      return undefined; // the backend reports the bad URL itself
    }
    // One early request per URL at a time (two boards loading it at once share nothing else).
    if (early.has(url)) return undefined;
    // Sent now, in this turn: the same moment the backend's chunk is asked for — or earlier, by
    // the script-tag file as it started (./early-campaign.ts), for a backend without its own fetch.
    let pending: Promise<Response>;
    try {
      pending =
        (options.fetch ? undefined : takeEarlyCampaign(url)) ??
        send(url, { headers: { accept: 'application/json' } });
    } catch (error) {
      pending = Promise.reject(error);
    }
    early.set(url, pending);
    pending
      .then((response) => (response.ok ? response.clone().json() : undefined))
      .then((json) => Promise.all(firstPaintChunks(json)))
      // The backend meets any failure again (and reports it) when it reads the response.
      .catch(() => {});
    return { url, pending };
  }
}

/** The chunks the first paint of a campaign (unvalidated JSON) will wait for, started now. */
function firstPaintChunks(json: unknown): Promise<unknown>[] {
  const chunks: Promise<unknown>[] = [];
  if (hasRuleTasks(json)) chunks.push(loadRulesValidator());
  try {
    if (hasSchedules(json as Campaign)) chunks.push(loadScheduleEngine(), loadTaskSchedule());
  } catch {
    // Not a campaign: the backend refuses it when it reads the response.
  }
  return chunks;
}

import {
  lazyBackend,
  loadRulesValidator,
  type MemoryBackendOptions,
  needsRulesValidator,
  type QuestBackend,
} from '@questboard/core';

/**
 * `memoryBackend(options)` loaded on first use (a chunk of its own in the script-tag build), whose
 * first paint does not wait for that chunk before asking for the campaign:
 *
 * - its code starts loading at once (`prefetch`, in browsers);
 * - `loadCampaign(url)` sends the campaign's request at once too, beside the chunk, and hands the
 *   response to the backend when the backend asks for that URL (the same request the backend
 *   would send: same URL, `accept: application/json`, through `options.fetch` when given);
 * - as soon as that JSON is in, the rules validator it needs (if any: rule-backed or input tasks)
 *   starts loading, while the backend's chunk may still be on its way.
 *
 * So the backend's chunk, the campaign and the validator load side by side instead of one after
 * another. Nothing else changes: the backend validates and reports failures as it always does
 * (a failed early request is the backend's failed request; a retry sends a new one).
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
        memoryBackend({ ...options, fetch: fetchEarly }),
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
    // Sent now, in this turn: the same moment the backend's chunk is asked for.
    let pending: Promise<Response>;
    try {
      pending = send(url, { headers: { accept: 'application/json' } });
    } catch (error) {
      pending = Promise.reject(error);
    }
    early.set(url, pending);
    pending
      .then((response) => (response.ok ? response.clone().json() : undefined))
      .then((json) => (needsRulesValidator(json) ? loadRulesValidator() : undefined))
      // The backend meets any failure again (and reports it) when it reads the response.
      .catch(() => {});
    return { url, pending };
  }
}

/**
 * What the script-tag file does first (`startEarly`, from ./early-start.ts, which cdn.ts imports
 * before anything else; neither imports anything, so it runs before lit and the elements are
 * evaluated): for each
 * `<quest-board campaign="…">` already in the document, what its first paint will wait for is
 * asked for at once, side by side, instead of after the elements have been defined and the
 * board has rendered its loading line:
 *
 * - without `endpoint` (the memory backend): the campaign's JSON (the request the backend sends:
 *   same URL, `accept: application/json`), kept for the first `lazyMemoryBackend` without its own
 *   `fetch` that loads that URL (`takeEarlyCampaign`), and the backend's chunk;
 * - with `endpoint`: the HTTP backend's chunk.
 *
 * Boards added later, or campaigns set as properties, load as before.
 */
const early = new Map<string, Promise<Response>>();

/** The response of an early request for `url` (absolute), handed out once. */
export function takeEarlyCampaign(url: string): Promise<Response> | undefined {
  const pending = early.get(url);
  early.delete(url);
  return pending;
}

/** Starts what the boards already in `root` need first (see above). */
export function startEarly(root: ParentNode = document): void {
  let memory = false;
  let http = false;
  for (const board of root.querySelectorAll('quest-board[campaign]')) {
    if (board.hasAttribute('endpoint')) {
      http = true;
      continue;
    }
    memory = true;
    let url: string;
    try {
      url = new URL(board.getAttribute('campaign') ?? '', document.baseURI).href;
    } catch {
      continue; // the board reports the bad URL itself
    }
    if (early.has(url)) continue;
    const pending = fetch(url, { headers: { accept: 'application/json' } });
    // A failure is the backend's to report when it reads this response (or never, unused).
    pending.catch(() => {});
    early.set(url, pending);
  }
  // Failures here are met again, and reported, when the board loads the chunk itself.
  if (memory) import('@questboard/core/memory').catch(() => {});
  if (http) import('@questboard/core/http').catch(() => {});
}

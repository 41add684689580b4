import {
  type BeaconBody,
  type BeaconEventType,
  MAX_BEACON_EVENTS,
  randomHex,
} from '@questboard/core';

/** What the beacon reads of the page (the real `window` by default; tests pass their own). */
export interface BeaconHost {
  navigator: Pick<Navigator, 'sendBeacon'> & {
    globalPrivacyControl?: boolean;
    doNotTrack?: string | null;
  };
  document: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;
  fetch: typeof fetch;
  requestIdleCallback?: (cb: () => void, options?: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
  setTimeout: (cb: () => void, ms: number) => number;
  clearTimeout: (handle: number) => void;
  addEventListener: Window['addEventListener'];
  removeEventListener: Window['removeEventListener'];
  doNotTrack?: string | null;
}

export interface BeaconOptions {
  /** The server's base URL (the board's `endpoint`). */
  endpoint: string;
  campaignId: string;
  host?: BeaconHost;
  /** Longest wait for an idle moment before a batch goes anyway (ms). */
  idleTimeout?: number;
}

/** A batched, fire-and-forget reporter of a board's views, connects and task starts. */
export interface Beacon {
  /** Queues an event (each kind once per page: one view, one connect, one start per task). */
  track(type: BeaconEventType, task?: string): void;
  /** Sends what is queued now (on the page being hidden; also called by `close`). */
  flush(): void;
  /** Sends what is queued and stops listening. */
  close(): void;
}

/**
 * Whether the page asks not to be tracked: Global Privacy Control (`navigator.globalPrivacyControl`)
 * or Do Not Track (`navigator.doNotTrack` / `window.doNotTrack` = "1").
 */
export function trackingRefused(host: BeaconHost): boolean {
  const nav = host.navigator;
  return nav.globalPrivacyControl === true || nav.doNotTrack === '1' || host.doNotTrack === '1';
}

/**
 * The board's beacon for the HTTP backend: events wait in memory and leave in batches of at
 * most `MAX_BEACON_EVENTS` when the browser is idle or the page is hidden, by
 * `navigator.sendBeacon` (text/plain: no preflight), else `fetch` with `keepalive`. Nothing the
 * interface waits on: `track` only queues, and a failed send is dropped. Returns `undefined`
 * (send nothing, ever) when the page signals GPC or Do Not Track. The visitor id is random per
 * page load and kept nowhere.
 */
export function createBeacon(options: BeaconOptions): Beacon | undefined {
  const host = options.host ?? (globalThis as unknown as BeaconHost);
  if (!host?.navigator || trackingRefused(host)) return undefined;
  const url = `${options.endpoint.replace(/\/+$/, '')}/campaigns/${encodeURIComponent(options.campaignId)}/events`;
  const visitor = `v-${randomHex(12)}`;
  const seen = new Set<string>();
  let queue: BeaconBody['events'] = [];
  let scheduled: { idle: boolean; handle: number } | undefined;

  const send = (events: BeaconBody['events']) => {
    const body = JSON.stringify({ visitor, events } satisfies BeaconBody);
    let queued = false;
    try {
      queued = host.navigator.sendBeacon?.(url, body) ?? false;
    } catch {
      queued = false;
    }
    if (!queued)
      host
        .fetch(url, {
          method: 'POST',
          body,
          keepalive: true,
          credentials: 'omit',
          headers: { 'content-type': 'text/plain' },
        })
        .catch(() => {});
  };

  const unschedule = () => {
    if (!scheduled) return;
    if (scheduled.idle) host.cancelIdleCallback?.(scheduled.handle);
    else host.clearTimeout(scheduled.handle);
    scheduled = undefined;
  };

  const flush = () => {
    unschedule();
    while (queue.length) send(queue.splice(0, MAX_BEACON_EVENTS));
  };

  const schedule = () => {
    if (scheduled) return;
    const timeout = options.idleTimeout ?? 5000;
    scheduled = host.requestIdleCallback
      ? { idle: true, handle: host.requestIdleCallback(flush, { timeout }) }
      : { idle: false, handle: host.setTimeout(flush, Math.min(timeout, 1000)) };
  };

  const onHidden = () => {
    if (host.document.visibilityState === 'hidden') flush();
  };
  host.document.addEventListener('visibilitychange', onHidden);
  host.addEventListener('pagehide', flush);

  return {
    track(type, task) {
      const key = type === 'task_started' ? `${type}:${task}` : type;
      if (seen.has(key)) return;
      seen.add(key);
      queue.push(type === 'task_started' && task !== undefined ? { type, task } : { type });
      if (queue.length >= MAX_BEACON_EVENTS) flush();
      else schedule();
    },
    flush,
    close() {
      flush();
      host.document.removeEventListener('visibilitychange', onHidden);
      host.removeEventListener('pagehide', flush);
      queue = [];
    },
  };
}

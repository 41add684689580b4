// One HTTP request with a timeout, an abort signal and a cap on the body size. Uses only
// `fetch`, `AbortController`, `TextDecoder` and streams: the same in browsers and Node.
import type { RuleError } from './types.js';

export interface RequestOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  maxBytes: number;
  signal: AbortSignal | undefined;
  /** Names the far end in messages: 'RPC' for JSON-RPC nodes, 'HTTP' for endpoints. */
  kind: 'RPC' | 'HTTP';
}

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

export function ruleError(code: RuleError['code'], message: string, retryable: boolean): RuleError {
  return { status: 'error', code, message, retryable };
}

/** Origin of a URL, for messages (never the full URL: it may carry an API key). */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the endpoint';
  }
}

export async function request(
  url: string,
  init: RequestInit,
  opts: RequestOptions,
): Promise<RawResponse | RuleError> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs);
  const onAbort = () => controller.abort();
  if (opts.signal?.aborted) controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const where = originOf(url);
  try {
    let res: Response;
    try {
      // Called unbound: browsers throw "Illegal invocation" when fetch's `this` is not the window.
      const doFetch = opts.fetch;
      res = await doFetch(url, { ...init, signal: controller.signal });
    } catch (e) {
      if (timedOut)
        return ruleError('TIMEOUT', `${where} did not answer within ${opts.timeoutMs} ms`, true);
      if (opts.signal?.aborted) return ruleError('ABORTED', 'the check was cancelled', true);
      const detail = (e as Error)?.message ?? String(e);
      return ruleError(
        opts.kind === 'RPC' ? 'RPC_UNREACHABLE' : 'UNREACHABLE',
        `could not reach ${where}: ${detail}`,
        true,
      );
    }
    const declared = Number(res.headers.get('content-length') ?? Number.NaN);
    if (declared > opts.maxBytes) {
      await res.body?.cancel().catch(() => {});
      return ruleError(
        'RESPONSE_TOO_LARGE',
        `${where} sent ${declared} bytes; at most ${opts.maxBytes} are accepted`,
        false,
      );
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      if (res.body) {
        const reader = res.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (size > opts.maxBytes) {
            await reader.cancel().catch(() => {});
            return ruleError(
              'RESPONSE_TOO_LARGE',
              `${where} sent more than ${opts.maxBytes} bytes`,
              false,
            );
          }
          chunks.push(value);
        }
      }
    } catch (e) {
      if (timedOut)
        return ruleError(
          'TIMEOUT',
          `${where} did not finish answering within ${opts.timeoutMs} ms`,
          true,
        );
      if (opts.signal?.aborted) return ruleError('ABORTED', 'the check was cancelled', true);
      return ruleError(
        'MALFORMED_RESPONSE',
        `the response from ${where} broke off: ${(e as Error)?.message ?? e}`,
        true,
      );
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const c of chunks) {
      bytes.set(c, offset);
      offset += c.byteLength;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return ruleError(
        'MALFORMED_RESPONSE',
        `${where} answered with bytes that are not UTF-8 text`,
        false,
      );
    }
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

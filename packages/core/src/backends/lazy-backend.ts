import { QuestError } from '../errors.js';
import type { BackendNeeds, QuestBackend, ReferralRequest } from './backend.js';

/**
 * A backend whose implementation is loaded on first use (a dynamic `import()`), so code that only
 * some pages need — the HTTP client, say — stays out of the script-tag file. Every method waits
 * for the load; `subscribe` is offered once the backend has loaded and has one. With
 * `prefetch`, loading starts at once.
 */
const noReferrals = () => new QuestError('NOT_SUPPORTED', 'This backend keeps no referrals.');

export function lazyBackend(
  load: () => Promise<QuestBackend>,
  options: {
    prefetch?: boolean;
    /** What the backend will need (known before it loads, so the board can ask first). */
    needs?: BackendNeeds;
  } = {},
): QuestBackend {
  let loaded: QuestBackend | undefined;
  let loading: Promise<QuestBackend> | undefined;
  const get = () =>
    (loading ??= load().then(
      (backend) => (loaded = backend),
      (error) => {
        loading = undefined; // a failed chunk load can be retried
        throw error;
      },
    ));
  const call =
    <
      K extends Exclude<
        keyof QuestBackend,
        | 'subscribe'
        | 'needs'
        | 'adoptAnonymous'
        | 'checkSession'
        | 'tokenProof'
        | 'bindReferral'
        | 'referrals'
        | 'campaignChecked'
        | 'leaderboard'
      >,
    >(
      name: K,
    ) =>
    async (...args: Parameters<QuestBackend[K]>) =>
      // biome-ignore lint/suspicious/noExplicitAny: forwarding the exact arguments
      ((await get())[name] as (...a: any[]) => unknown)(...args);
  const backend = {
    loadCampaign: call('loadCampaign'),
    getProgress: call('getProgress'),
    verify: call('verify'),
    claim: call('claim'),
    getNonce: call('getNonce'),
    signIn: call('signIn'),
    signOut: call('signOut'),
    // Optional capability: offered before the load; a loaded backend without one says so.
    leaderboard: async (...args: Parameters<NonNullable<QuestBackend['leaderboard']>>) => {
      const b = await get();
      if (!b.leaderboard) throw new QuestError('NOT_SUPPORTED', 'This backend has no leaderboard.');
      return b.leaderboard(...args);
    },
    credentials: call('credentials'),
    // Backends without anonymous progress have nothing to carry over: the address's own progress.
    adoptAnonymous: async (
      campaignId: string,
      address: Parameters<QuestBackend['getProgress']>[1],
    ) => {
      const b = await get();
      return b.adoptAnonymous && address
        ? b.adoptAnonymous(campaignId, address)
        : b.getProgress(campaignId, address);
    },
    // Backends that cannot check a session have nothing to say: keep it until a call is refused.
    checkSession: async (session: Parameters<NonNullable<QuestBackend['checkSession']>>[0]) => {
      const b = await get();
      return b.checkSession ? b.checkSession(session) : true;
    },
    // Backends that defer nothing past loadCampaign have nothing to wait for.
    campaignChecked: async (campaignId: string) => {
      const b = await get();
      return b.campaignChecked?.(campaignId);
    },
    // Backends without drop rounds have no proof to give.
    tokenProof: async (...args: Parameters<NonNullable<QuestBackend['tokenProof']>>) => {
      const b = await get();
      return b.tokenProof ? b.tokenProof(...args) : undefined;
    },
    // Referrals: only backends that keep them.
    bindReferral: async (request: ReferralRequest & { code: string }) => {
      const b = await get();
      if (!b.bindReferral) throw noReferrals();
      return b.bindReferral(request);
    },
    referrals: async (request: ReferralRequest) => {
      const b = await get();
      if (!b.referrals) throw noReferrals();
      return b.referrals(request);
    },
    ...(options.needs ? { needs: options.needs } : {}),
  } as QuestBackend;
  // Start loading now (e.g. while the campaign JSON is fetched); a failure is retried on use.
  if (options.prefetch) get().catch(() => {});
  Object.defineProperty(backend, 'subscribe', {
    enumerable: true,
    get: () => (loaded?.subscribe ? loaded.subscribe.bind(loaded) : undefined),
  });
  return backend;
}

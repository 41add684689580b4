/**
 * The reward card's on-chain half (a Lit reactive controller), loaded with the first badge or
 * token card together with the claim code it drives (`internal/claim.ts`): following the
 * wallet, reading the chain, the claim flow, and the on-chain states' markup. The card itself
 * (in the script-tag file) only shows what the reward is.
 */
import { formatTokenAmount, isSafeUrl, QuestError, type RewardToken } from '@questboard/core';
import type { WalletState } from '@questboard/wallet';
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import { questEvent } from '../events.js';
import { claimMessages } from '../i18n/en.claim.js';
import { passportMessages } from '../i18n/en.passport.js';
import { walletMessages } from '../i18n/en.wallet.js';
import type { Translator } from '../i18n/index.js';
import { addEnglish } from '../i18n/index.js';
import { claimRequest } from '../internal/actions.js';
import { type ClaimContext, readView, runClaim, type SentClaim } from '../internal/claim.js';
import {
  isOnchainReward,
  type OnchainDelivery,
  type OnchainReward,
  type OnchainView,
} from '../internal/claim-types.js';
import { focusIsLost } from '../internal/focus.js';
import type { QuestReward } from './quest-reward.component.js';

// This code's English messages (kept out of the script-tag file's eager catalog).
addEnglish(claimMessages);
addEnglish(passportMessages);
addEnglish(walletMessages);

/** What the card lends the controller to render with. */
export interface RenderKit {
  i18n: Translator;
  button(label: string, busy: boolean): TemplateResult;
  stateText(text: string, busy?: boolean): TemplateResult;
}

/**
 * A token amount in base units as the visitor reads it: the token's decimals applied exactly
 * (`formatTokenAmount`), the locale's digits, its symbol: `1,234.5 ACME`, `1234,5 ACME` (es).
 */
export function localizedTokenAmount(
  baseUnits: bigint | string,
  token: Pick<RewardToken, 'symbol' | 'decimals'>,
  locale: string,
): string {
  const decimal = formatTokenAmount(baseUnits, token.decimals);
  // Intl formats decimal strings exactly (no float rounding of large or long amounts).
  const digits = new Intl.NumberFormat(locale, {
    maximumFractionDigits: Math.min(token.decimals, 20),
  }).format(decimal as unknown as number);
  return `${digits} ${token.symbol}`;
}

const shortHash = (hash: string) => `${hash.slice(0, 10)}…${hash.slice(-6)}`;

export class OnchainClaim implements ReactiveController {
  readonly #host: QuestReward;
  #focusAfterClaim = false;
  /** The visitor asked to claim on chain: send once the backend's delivery arrives. */
  #sendOnDelivery = false;
  #lastDelivery: unknown;
  #lastError: unknown;
  #watching: { wallet: WalletState; stop: () => void } | undefined;
  #readKey = '';
  #reads = 0;
  #running: AbortController | undefined;

  constructor(host: QuestReward) {
    this.#host = host;
    this.#lastDelivery = host.delivery;
    host.addController(this);
    if (host.isConnected) this.hostConnected();
  }

  hostConnected(): void {
    this.#watch();
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#watching?.stop();
    this.#watching = undefined;
    this.#readKey = '';
    this.#running?.abort();
    this.#running = undefined;
  }

  hostUpdated(): void {
    const host = this.#host;
    this.#watch();
    if (host.error !== this.#lastError) {
      this.#lastError = host.error;
      if (host.error) this.#sendOnDelivery = false;
    }
    if (host.delivery !== this.#lastDelivery) {
      this.#lastDelivery = host.delivery;
      if (this.#sendOnDelivery && this.#deliveryFor()) {
        this.#sendOnDelivery = false;
        void this.#send();
      }
    }
    if (this.#focusAfterClaim && host.onchain.status === 'confirmed') {
      this.#focusAfterClaim = false;
      if (focusIsLost()) host.renderRoot.querySelector<HTMLElement>('#state')?.focus();
    }
    this.#maybeRead();
  }

  // --- rendering -------------------------------------------------------------------------

  /** "Soulbound badge" or "Tokens". */
  label(i18n: Translator, reward: OnchainReward): string {
    return i18n.t(`reward.kind.${reward.kind}`);
  }

  /** A badge's name (default: the reward's title), else the title. */
  title(reward: OnchainReward): string {
    return reward.kind === 'badge' ? (reward.name ?? reward.title) : reward.title;
  }

  /** The token amount to show: what a round leaves to claim, else this tier's amount. */
  amount(i18n: Translator, reward: OnchainReward): string | undefined {
    if (reward.kind !== 'token') return undefined;
    const host = this.#host;
    const view = host.onchain;
    const delivery = host.delivery?.kind === 'token' ? host.delivery : undefined;
    const base =
      view.status === 'unclaimed' && view.claimable !== undefined
        ? view.claimable
        : (delivery?.amount ?? (typeof reward.amount === 'string' ? reward.amount : undefined));
    if (base === undefined) return undefined;
    try {
      return localizedTokenAmount(base, reward.token, i18n.locale);
    } catch {
      return undefined;
    }
  }

  /** The card's action area for an on-chain reward. */
  render(kit: RenderKit, reward: OnchainReward, amount: string | undefined) {
    const { i18n } = kit;
    const host = this.#host;
    const view = host.onchain;
    const done = reward.kind === 'badge' ? i18n.t('reward.minted') : i18n.t('reward.tokensClaimed');
    switch (view.status) {
      case 'claimed':
        return kit.stateText(done);
      case 'confirmed':
        return html`${kit.stateText(done)}${this.#transaction(kit, view.hash)}`;
      case 'pending':
        return html`${kit.stateText(i18n.t('reward.pending'), true)}${
          view.hash ? this.#transaction(kit, view.hash) : nothing
        }`;
      case 'signing':
        return kit.button(i18n.t('reward.confirmInWallet'), true);
      case 'waiting-round':
        return kit.stateText(i18n.t('reward.nextRound'));
      case 'wrong-chain': {
        const chain =
          host.chain?.name ?? i18n.t('wallet.chain', { chainId: String(reward.chainId) });
        return html`${kit.stateText(i18n.t('reward.wrongChain'))}
          <button part="reward-switch-chain" class="button" type="button" @click=${this.#onSwitch}>
            ${i18n.t('reward.switchChain', { chain })}
          </button>`;
      }
    }
    if (host.state === 'locked') return kit.stateText(i18n.t('reward.locked'));
    const action =
      reward.kind === 'badge'
        ? i18n.t('reward.mint')
        : i18n.t('reward.claimAmount', { amount: amount ?? reward.token.symbol });
    return kit.button(host.busy ? i18n.t('reward.claiming') : action, host.busy);
  }

  /** Why the last on-chain claim failed, when it did. */
  renderError(kit: RenderKit) {
    const view = this.#host.onchain;
    if (view.status !== 'failed') return undefined;
    const { error } = view;
    const text =
      error.code === 'CLAIM_REVERTED' && error.details
        ? kit.i18n.t('reward.reverted', { error: error.details })
        : kit.i18n.error(error);
    return html`<p part="reward-error" class="error" role="alert">${text}</p>`;
  }

  #transaction(kit: RenderKit, hash: `0x${string}`) {
    const { i18n } = kit;
    const link = this.#explorerUrl(hash);
    return html`<p part="reward-transaction" class="transaction">
      <code title=${hash}>${i18n.t('reward.transaction', { hash: shortHash(hash) })}</code>
      ${
        link
          ? html`<a part="reward-transaction-link" href=${link} target="_blank" rel="noopener noreferrer"
              >${i18n.t('reward.viewTransaction')}<span class="visually-hidden"> ${i18n.t('passport.newTab')}</span></a
            >`
          : nothing
      }
    </p>`;
  }

  /** The transaction in the chain's block explorer (`chains[id].explorer`), when it has one. */
  #explorerUrl(hash: string): string | null {
    const base = this.#host.chain?.explorer;
    if (!base || !isSafeUrl(base) || !/^0x[0-9a-fA-F]{64}$/.test(hash)) return null;
    return `${base.replace(/\/+$/, '')}/tx/${hash}`;
  }

  // --- chain -----------------------------------------------------------------------------

  /** Follows the wallet's account and network: a change re-reads the chain. */
  #watch(): void {
    const host = this.#host;
    const wallet = host.wallet ?? undefined;
    if (this.#watching?.wallet === wallet) return;
    this.#watching?.stop();
    this.#watching = undefined;
    if (!wallet || !host.isConnected) return;
    const changed = () => host.requestUpdate();
    const stops = [wallet.$account.listen(changed), wallet.$chainId.listen(changed)];
    this.#watching = {
      wallet,
      stop: () => {
        for (const stop of stops) stop();
      },
    };
  }

  /** The delivery when it is this reward's on-chain one. */
  #deliveryFor(): OnchainDelivery | undefined {
    const { reward, delivery } = this.#host;
    if (!isOnchainReward(reward) || !delivery) return undefined;
    return delivery.kind === reward.kind ? (delivery as OnchainDelivery) : undefined;
  }

  #context(signal?: AbortSignal): ClaimContext | undefined {
    const host = this.#host;
    const reward = host.reward;
    if (!isOnchainReward(reward)) return undefined;
    const wallet = host.wallet;
    const delivery = this.#deliveryFor();
    return {
      reward,
      campaignId: host.campaignId,
      tierId: host.tierId,
      wallet: {
        account: wallet?.$account.get() ?? null,
        chainId: wallet?.$chainId.get() ?? null,
        provider:
          (wallet?.$connector.get()?.getProvider() as ClaimContext['wallet']['provider']) ?? null,
      },
      chain: host.chain ?? undefined,
      backend: host.backend ?? undefined,
      claimedAtBackend: host.state === 'claimed',
      ...(delivery ? { delivery } : {}),
      ...(host.paymasterUrl ? { paymasterUrl: host.paymasterUrl } : {}),
      ...(signal ? { signal } : {}),
    };
  }

  /** Reads the chain when what it depends on changed (account, network, reward, backend state). */
  #maybeRead(): void {
    const host = this.#host;
    // Without a wallet there is no account to read for: `onchain` stays as set.
    const context = host.wallet ? this.#context() : undefined;
    if (!context || this.#running) return;
    const { wallet } = context;
    const key = [
      context.reward.kind,
      context.reward.contract,
      context.reward.chainId,
      wallet.account,
      wallet.chainId,
      host.state,
      host.campaignId,
      host.tierId,
      host.delivery ? 'delivery' : '',
    ].join('\n');
    if (key === this.#readKey) return;
    this.#readKey = key;
    const read = ++this.#reads;
    readView(context).then(
      (view) => {
        if (read === this.#reads && !this.#running && this.#keepsAfterRead(view))
          host.onchain = view;
      },
      () => {
        // Unreadable now (RPC down): the button stays; a claim reads again and says why.
      },
    );
  }

  /** A read never replaces a claim in flight, nor a confirmation here with "claimed". */
  #keepsAfterRead(view: OnchainView): boolean {
    const status = this.#host.onchain.status;
    if (status === 'signing' || status === 'pending') return false;
    return !(status === 'confirmed' && view.status === 'claimed');
  }

  // --- claiming --------------------------------------------------------------------------

  /** The claim button: at the backend first when there is no delivery yet, then on chain. */
  claim(): void {
    const host = this.#host;
    const status = host.onchain.status;
    if (this.#running || status === 'signing' || status === 'pending' || host.state === 'locked')
      return;
    this.#focusAfterClaim = true;
    if (this.#deliveryFor()) {
      void this.#send();
      return;
    }
    // The backend signs the voucher (or records the tokens) first; the board hands back `delivery`.
    this.#sendOnDelivery = true;
    host.dispatchEvent(claimRequest({ tierId: host.tierId }));
  }

  #onSwitch = async () => {
    const host = this.#host;
    const reward = host.reward;
    const wallet = host.wallet;
    if (!isOnchainReward(reward) || !wallet) return;
    try {
      await wallet.switchChain(reward.chainId, host.chain ?? undefined);
    } catch (error) {
      const questError =
        error instanceof QuestError ? error : new QuestError('UNKNOWN', String(error));
      host.onchain = { status: 'failed', error: questError };
      host.dispatchEvent(questEvent('quest-error', { error: questError }));
      return;
    }
    await this.#send();
  };

  async #send(): Promise<void> {
    if (this.#running) return;
    const host = this.#host;
    const running = new AbortController();
    const context = this.#context(running.signal);
    if (!context) return;
    this.#running = running;
    const kind = context.reward.kind;
    const tierId = host.tierId;
    try {
      await runClaim(context, {
        view: (view) => {
          if (!running.signal.aborted) host.onchain = view;
        },
        sent: (sent: SentClaim) =>
          host.dispatchEvent(
            questEvent('quest-reward-sent', {
              tierId,
              kind,
              sponsored: sent.sponsored,
              ...(sent.hash ? { hash: sent.hash } : {}),
              ...(sent.callsId ? { callsId: sent.callsId } : {}),
            }),
          ),
        confirmed: (hash, sponsored) =>
          host.dispatchEvent(
            questEvent('quest-reward-confirmed', { tierId, kind, sponsored, hash }),
          ),
        failed: (error) => {
          if (!running.signal.aborted) host.dispatchEvent(questEvent('quest-error', { error }));
        },
      });
    } finally {
      if (this.#running === running) this.#running = undefined;
    }
  }
}

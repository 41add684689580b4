// The wallet picker, the install links and the error line of <quest-wallet>: loaded on first
// use (the component imports this module dynamically and prefetches it while the Connect button
// shows), with its own styles.
// Size trade-off: ~0.75 KB gzip out of the script-tag file (a 2 KB gzip chunk). A visitor opening
// the picker waits for it only if it was not fetched before the click; `updateComplete` waits too.
import type { QuestError } from '@questboard/core';
import type { Connector, WalletState } from '@questboard/wallet';
import { css, html, nothing } from 'lit';
import { token } from '../styles/tokens.js';
import type { WalletMessages } from './quest-wallet.messages.js';

/** What the picker and the error line need from the element. */
export interface PickerHost {
  state: WalletState;
  text: WalletMessages;
  pendingId: string | null;
  /** The `chain-id` attribute. */
  chainId: number | undefined;
  /** Its name from the chain configs, else "chain <id>". */
  chainLabel: string;
  /** Whether there is an action to try again. */
  canRetry: boolean;
  errorText(error: QuestError): string;
  close(): void;
  choose(connector: Connector): void;
  retry(): void;
  switchChain(): void;
}

/** Wallets offered when none is installed (their official download pages). */
export const INSTALL_LINKS: readonly { name: string; href: string }[] = [
  { name: 'MetaMask', href: 'https://metamask.io/download/' },
  { name: 'Rabby', href: 'https://rabby.io/' },
  { name: 'Coinbase Wallet', href: 'https://www.coinbase.com/wallet/downloads' },
];

export const FIND_WALLET_URL = 'https://ethereum.org/en/wallets/find-wallet/';

const RETRYABLE = new Set([
  'WALLET_REJECTED',
  'WALLET_LOCKED',
  'WALLET_REQUEST_PENDING',
  'SIGN_IN_FAILED',
  'WALLET_DISCONNECTED',
]);

export function renderError(host: PickerHost, error: QuestError) {
  const { text, chainId } = host;
  const code = error.code;
  return html`<p part="error" class="error" role="alert">
      <span>${host.errorText(error)}</span>
      ${
        code === 'WALLET_WRONG_CHAIN' && chainId
          ? html`<button part="retry" class="button secondary" type="button" @click=${() => host.switchChain()}>
            ${text.switchChain.replace('{chain}', host.chainLabel)}
          </button>`
          : RETRYABLE.has(code) && (host.canRetry || code === 'WALLET_DISCONNECTED')
            ? html`<button part="retry" class="button secondary" type="button" @click=${() => host.retry()}>${code === 'WALLET_DISCONNECTED' ? text.reconnect : text.retry}</button>`
            : nothing
      }
      ${code === 'WALLET_NOT_FOUND' ? renderInstall(text) : nothing}
      <button part="dismiss" class="button secondary" type="button" @click=${() => host.state.clearError()}>
        ${text.dismiss}
      </button>
    </p>`;
}

function renderInstall(text: WalletMessages) {
  return html`<span part="install" class="install">
      <span>${text.installHint}</span>
      ${INSTALL_LINKS.map(
        (link) =>
          html`<a part="install-link" href=${link.href} target="_blank" rel="noopener noreferrer">${link.name}</a>`,
      )}
      <a part="install-link" href=${FIND_WALLET_URL} target="_blank" rel="noopener noreferrer">${text.findWallet}</a>
    </span>`;
}

export function renderPicker(host: PickerHost) {
  const { state, text } = host;
  const connectors = state.$connectors.get();
  const error = state.$error.get();
  return html`<div class="picker-header">
        <h2 part="picker-title" id="picker-title">${text.pickerTitle}</h2>
        <button part="picker-close" class="button secondary" type="button" @click=${() => host.close()}>
          ${text.close}
        </button>
      </div>
      ${
        connectors.length
          ? html`<ul part="picker-list">
            ${connectors.map((connector) => renderOption(host, connector))}
          </ul>`
          : nothing
      }
      ${
        // No browser wallet: install links. "No wallet found" only when nothing here is usable
        // (never above the dev wallet or WalletConnect, which work without one).
        connectors.some((c) => c.kind === 'injected')
          ? nothing
          : html`<div class="install" part="install-block">
            ${connectors.length ? nothing : html`<p>${text.noWallet}</p>`}
            ${renderInstall(text)}
          </div>`
      }
      ${error ? renderError(host, error) : nothing}`;
}

function renderOption(host: PickerHost, connector: Connector) {
  const { text } = host;
  const pending = host.pendingId === connector.id;
  const hint = pending
    ? text.confirmInWallet
    : connector.kind === 'walletconnect'
      ? text.walletConnectHint
      : connector.kind === 'dev'
        ? text.devWalletHint
        : '';
  return html`<li>
      <button
        part="picker-option"
        class="option"
        type="button"
        data-connector=${connector.id}
        aria-busy=${pending ? 'true' : 'false'}
        @click=${() => host.pendingId || host.choose(connector)}
      >
        ${
          connector.icon
            ? html`<img part="picker-icon" src=${connector.icon} alt="" />`
            : html`<span part="picker-icon" class="placeholder"></span>`
        }
        <span class="option-text">
          <span part="picker-name">${connector.kind === 'walletconnect' ? text.walletConnect : connector.name}</span>
          ${hint ? html`<span part="picker-hint" class="hint">${hint}</span>` : nothing}
        </span>
        ${connector.kind === 'dev' ? html`<span part="dev-badge" class="badge">${text.devWallet}</span>` : nothing}
      </button>
    </li>`;
}

/** The picker's and the error line's styles, adopted when this module loads. */
export const pickerStyles = css`
  dialog {
    inline-size: min(24rem, calc(100vw - 2rem));
    padding: ${token('space')};
    background: ${token('color-background')};
    color: ${token('color-text')};
    border: 1px solid var(--_border);
    border-radius: ${token('radius')};
    box-shadow: ${token('elevation')};
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  .picker-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: ${token('space-small')};
    margin-block-end: ${token('space-small')};
  }
  .picker-header h2 {
    margin: 0;
    font-size: ${token('font-size')};
  }
  ul {
    display: grid;
    gap: ${token('space-small')};
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .option {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    inline-size: 100%;
    padding: 0.625rem 0.75rem;
    background: var(--_background);
    color: inherit;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    font: inherit;
    text-align: start;
    cursor: pointer;
  }
  .option:hover {
    border-color: ${token('color-accent')};
  }
  .option[aria-busy='true'] {
    cursor: progress;
  }
  .option img,
  .option .placeholder {
    flex: none;
    inline-size: 2rem;
    block-size: 2rem;
    border-radius: ${token('radius-small')};
  }
  .option .placeholder {
    background: ${token('color-border')};
  }
  .option-text {
    display: grid;
    flex: 1;
  }
  .hint {
    color: ${token('color-text-muted')};
    font-size: ${token('font-size-small')};
  }
  .install {
    display: grid;
    gap: ${token('space-small')};
    margin: 0;
  }
  .install a {
    color: ${token('color-accent')};
  }
  /* In the error line: the hint and the links wrap as one row under the message. */
  .error .install {
    display: flex;
    flex-wrap: wrap;
    flex-basis: 100%;
    gap: ${token('space-small')} ${token('space')};
  }
  dialog:focus-visible {
    /* The dialog takes focus when it opens; the ring belongs on the control inside. */
    outline: none;
  }
`;

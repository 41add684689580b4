import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';

export const walletStyles = [
  baseStyles,
  css`
    :host {
      display: inline-block;
      --_background: var(--quest-wallet-background, ${token('color-surface')});
      --_border: var(--quest-wallet-border-color, ${token('color-border')});
      --_radius: var(--quest-wallet-radius, ${token('radius-small')});
    }
    .wallet {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('space-small')};
    }
    .account {
      display: inline-flex;
      align-items: center;
      gap: ${token('space-small')};
      padding: 0.25rem 0.625rem;
      background: var(--_background);
      border: 1px solid var(--_border);
      border-radius: 999px;
      font-size: ${token('font-size-small')};
    }
    .address {
      font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    }
    .chain,
    .session {
      color: ${token('color-text-muted')};
    }
    .account img {
      inline-size: 1.25rem;
      block-size: 1.25rem;
    }
    .badge {
      padding: 0 0.375rem;
      border-radius: ${token('radius-small')};
      background: ${token('color-danger')};
      color: #fff;
      font-size: 0.75rem;
      font-weight: 600;
      text-transform: uppercase;
      letter-spacing: 0.02em;
    }
    .error {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('space-small')};
      flex-basis: 100%;
      margin: 0;
      color: ${token('color-danger')};
      font-size: ${token('font-size-small')};
    }
    /* The picker's styles load with it: quest-wallet.picker.ts. */
  `,
];

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
  `,
];

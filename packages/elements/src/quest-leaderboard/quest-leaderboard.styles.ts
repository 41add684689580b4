import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';

export const leaderboardStyles = [
  baseStyles,
  css`
    :host {
      display: block;
      --_self: var(--quest-leaderboard-self-background, ${token('color-surface')});
      --_accent: var(--quest-leaderboard-accent, ${token('color-accent')});
      --_row-border: var(--quest-leaderboard-row-border, ${token('color-border')});
    }
    [hidden] {
      display: none !important;
    }
    .tabs {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('space-small')};
      margin-block-end: ${token('space-small')};
    }
    [role='tab'] {
      font: inherit;
      font-size: ${token('font-size-small')};
      padding: 0.25rem 0.75rem;
      border: 1px solid var(--_row-border);
      border-radius: 999px;
      background: transparent;
      color: inherit;
      cursor: pointer;
    }
    [role='tab'][aria-selected='true'] {
      background: var(--_accent);
      border-color: var(--_accent);
      color: ${token('color-accent-contrast')};
    }
    table {
      inline-size: 100%;
      border-collapse: collapse;
      font-variant-numeric: tabular-nums;
    }
    caption {
      text-align: start;
      font-weight: 600;
      padding-block-end: ${token('space-small')};
    }
    th,
    td {
      text-align: start;
      padding: 0.375rem ${token('space-small')};
      border-block-end: 1px solid var(--_row-border);
    }
    th {
      font-size: ${token('font-size-small')};
      color: ${token('color-text-muted')};
      font-weight: 600;
    }
    .points,
    .rank {
      text-align: end;
    }
    tr.self {
      background: var(--_self);
      font-weight: 600;
    }
    tbody.pinned tr {
      border-block-start: 2px solid var(--_row-border);
    }
    .status {
      color: ${token('color-text-muted')};
      padding: ${token('space-small')} 0;
    }
    .footer {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: ${token('space-small')};
      margin-block-start: ${token('space-small')};
      font-size: ${token('font-size-small')};
      color: ${token('color-text-muted')};
    }
    .footer button,
    .status button {
      font: inherit;
      padding: 0.25rem 0.75rem;
      border: 1px solid var(--_row-border);
      border-radius: ${token('radius-small')};
      background: transparent;
      color: ${token('color-text')};
      cursor: pointer;
    }
    button:disabled {
      opacity: 0.5;
      cursor: default;
    }
  `,
];

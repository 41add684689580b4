import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';

export const rewardStyles = [
  baseStyles,
  css`
    :host {
      display: block;
      --_background: var(--quest-reward-background, ${token('color-background')});
      --_border: var(--quest-reward-border-color, ${token('color-accent')});
    }
    .reward {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('space-small')} ${token('space')};
      padding: 0.75rem ${token('space')};
      background: var(--_background);
      border: 1px dashed var(--_border);
      border-radius: ${token('radius-small')};
    }
    .is-claimed {
      border-style: solid;
    }
    img {
      inline-size: 3rem;
      block-size: 3rem;
      object-fit: cover;
      border-radius: ${token('radius-small')};
    }
    .body {
      display: grid;
      flex: 1 1 12rem;
      gap: 0.125rem;
    }
    .label,
    .description,
    .state {
      margin: 0;
      font-size: ${token('font-size-small')};
      color: ${token('color-text-muted')};
    }
    .title {
      font-weight: 600;
    }
    .is-claimed .state,
    [class*='onchain-c'] .state {
      color: ${token('color-success')};
      font-weight: 600;
    }
    .transaction {
      flex: 1 1 100%;
      margin: 0;
      font-size: ${token('font-size-small')};
      color: ${token('color-text-muted')};
      overflow-wrap: anywhere;
    }
    .error {
      flex: 1 1 100%;
      margin: 0;
      font-size: ${token('font-size-small')};
      color: ${token('color-danger')};
    }
  `,
];

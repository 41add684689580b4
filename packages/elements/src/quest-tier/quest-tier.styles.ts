import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';

export const tierStyles = [
  baseStyles,
  css`
    :host {
      display: block;
      --_background: var(--quest-tier-background, ${token('color-surface')});
      --_radius: var(--quest-tier-radius, ${token('radius')});
    }
    .tier {
      display: grid;
      gap: 0.75rem;
      padding: ${token('space')};
      background: var(--_background);
      border: 1px solid ${token('color-border')};
      border-radius: var(--_radius);
      box-shadow: ${token('elevation')};
    }
    .header {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: ${token('space-small')};
    }
    .title {
      flex: 1 1 12rem;
      margin: 0;
      font-size: 1.125rem;
    }
    .state,
    .count,
    .description,
    .lock {
      margin: 0;
      font-size: ${token('font-size-small')};
      color: ${token('color-text-muted')};
    }
    .state {
      padding-inline: 0.5rem;
      border: 1px solid ${token('color-border')};
      border-radius: 999px;
    }
    .is-completed .state,
    .is-claimed .state {
      color: ${token('color-success')};
      border-color: currentColor;
    }
    .lock {
      font-weight: 600;
    }
    .tasks,
    .body {
      display: grid;
      gap: ${token('space-small')};
    }
    .body {
      gap: 0.75rem;
    }
    /* A folded finished tier: one line, its title a disclosure button. */
    .is-folded {
      padding-block: ${token('space-small')};
    }
    .toggle {
      display: inline-flex;
      align-items: baseline;
      gap: ${token('space-small')};
      padding: 0;
      border: 0;
      background: none;
      color: inherit;
      font: inherit;
      text-align: start;
      cursor: pointer;
    }
    .toggle::before {
      content: '';
      inline-size: 0.5em;
      block-size: 0.5em;
      border-inline-end: 2px solid currentColor;
      border-block-end: 2px solid currentColor;
      transform: rotate(45deg);
      transition: transform ${token('transition-duration')} ease;
    }
    .toggle[aria-expanded='false']::before {
      transform: rotate(-45deg);
    }
    @media (prefers-reduced-motion: reduce) {
      .toggle::before {
        transition: none;
      }
    }
  `,
];

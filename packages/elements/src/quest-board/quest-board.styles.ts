import { css } from 'lit';
import { baseStyles, themeStyles, token } from '../styles/tokens.js';

export const boardStyles = [
  baseStyles,
  themeStyles,
  css`
    :host {
      display: block;

      font-size: ${token('font-size')};
      line-height: 1.5;
      --_background: var(--quest-board-background, ${token('color-background')});
      --_radius: var(--quest-board-radius, ${token('radius')});
    }
    .board {
      display: grid;
      gap: ${token('space')};
      padding: ${token('space')};
      background: var(--_background);
      color: ${token('color-text')};
      border: 1px solid ${token('color-border')};
      border-radius: var(--_radius);
    }
    .header {
      display: grid;
      gap: ${token('space-small')};
    }
    .title {
      margin: 0;
      font-size: ${token('font-size-large')};
      line-height: 1.25;
    }
    .description,
    .window {
      margin: 0;
      color: ${token('color-text-muted')};
    }
    .stats {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('space-small')} ${token('space')};
      align-items: baseline;
      font-size: ${token('font-size-small')};
    }
    .points,
    .level {
      font-weight: 600;
    }
    .next-level {
      color: ${token('color-text-muted')};
    }
    .tiers {
      display: grid;
      gap: ${token('space')};
    }
    /* Long ladders: tiers and tasks off screen skip layout and paint until scrolled near. */
    quest-tier,
    quest-task {
      content-visibility: auto;
    }
    quest-tier {
      contain-intrinsic-block-size: auto 24rem;
    }
    quest-task {
      contain-intrinsic-block-size: auto 6rem;
    }
    .message {
      margin: 0;
      color: ${token('color-text-muted')};
    }
    .error {
      display: grid;
      gap: ${token('space-small')};
      padding: ${token('space')};
      border: 1px solid ${token('color-danger')};
      border-radius: ${token('radius-small')};
    }
    .error-title {
      margin: 0;
      font-size: 1.125rem;
      color: ${token('color-danger')};
    }
    .error p,
    .error ul {
      margin: 0;
    }
    .error ul {
      padding-inline-start: 1.25rem;
    }
    code {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 0.875em;
    }
    .retry {
      justify-self: start;
    }
    /* --- moments and the path (issue 13 item 5) --- */
    .path {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('space-small')} ${token('space')};
    }
    .next-reward {
      font-size: ${token('font-size-small')};
      color: ${token('color-text-muted')};
    }
    .moment {
      display: flex;
      align-items: flex-start;
      gap: ${token('space-small')};
      padding: ${token('space-small')} ${token('space')};
      background: var(--quest-moment-background, ${token('color-surface')});
      border: 1px solid ${token('color-border')};
      border-inline-start: 4px solid var(--quest-moment-accent, ${token('color-success')});
      border-radius: ${token('radius-small')};
    }
    .moment-list {
      flex: 1;
      margin: 0;
      padding: 0;
      list-style: none;
      font-weight: 600;
    }
    .moment-dismiss {
      min-block-size: 1.75rem;
      padding-inline: ${token('space-small')};
    }
    @media (prefers-reduced-motion: no-preference) {
      .moment {
        animation: quest-moment-in calc(${token('transition-duration')} * 2) ease-out;
      }
    }
    @keyframes quest-moment-in {
      from {
        opacity: 0;
        transform: translateY(-0.5rem);
      }
    }
    /* --- end moments --- */
  `,
];

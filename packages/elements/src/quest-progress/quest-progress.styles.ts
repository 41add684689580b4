import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';

export const progressStyles = [
  baseStyles,
  css`
    :host {
      display: block;
      --_track: var(--quest-progress-track, ${token('color-border')});
      --_fill: var(--quest-progress-fill, ${token('color-accent')});
    }
    .header {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: ${token('space-small')};
      font-size: ${token('font-size-small')};
      margin-block-end: 0.375rem;
    }
    .label {
      font-weight: 600;
    }
    .text {
      color: ${token('color-text-muted')};
    }
    progress {
      display: block;
      inline-size: 100%;
      block-size: 0.5rem;
      appearance: none;
      border: 0;
      border-radius: 999px;
      background: var(--_track);
      overflow: hidden;
    }
    progress::-webkit-progress-bar {
      background: var(--_track);
      border-radius: 999px;
    }
    progress::-webkit-progress-value {
      background: var(--_fill);
      border-radius: 999px;
      transition: inline-size ${token('transition-duration')} ease;
    }
    progress::-moz-progress-bar {
      background: var(--_fill);
      border-radius: 999px;
    }
    @media (prefers-reduced-motion: reduce) {
      progress::-webkit-progress-value {
        transition: none;
      }
    }
  `,
];

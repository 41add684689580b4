import { css, unsafeCSS } from 'lit';
import { baseStyles, darkTokens, token } from '../styles/tokens.js';

// The board's dark preset, declared on the passport's box: `theme="dark"`, and `theme="auto"`
// under `prefers-color-scheme: dark`. With no `theme` inside a board (`data-theme="board"`) the
// box declares nothing and inherits the board's tokens.
const dark = unsafeCSS(
  Object.entries(darkTokens)
    .map(([name, value]) => `--quest-${name}: ${value};`)
    .join(' '),
);

export const passportStyles = [
  baseStyles,
  css`
    :host {
      display: block;
    }
    .passport[data-theme='dark'] {
      ${dark}
      color-scheme: dark;
    }
    @media (prefers-color-scheme: dark) {
      .passport[data-theme='auto'] {
        ${dark}
        color-scheme: dark;
      }
    }
    .passport {
      display: grid;
      gap: ${token('space-small')};
      padding: ${token('space')};
      background: var(--quest-passport-background, ${token('color-background')});
      color: ${token('color-text')};
      border: 1px solid ${token('color-border')};
      border-radius: ${token('radius')};
    }
    .title {
      margin: 0;
      font-size: ${token('font-size')};
      overflow-wrap: anywhere;
    }
    ul {
      display: grid;
      gap: ${token('space-small')};
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .credential {
      display: grid;
      gap: 0.125rem;
      padding: ${token('space-small')} ${token('space')};
      border: 1px solid ${token('color-border')};
      border-inline-start: 4px solid ${token('color-border')};
      border-radius: ${token('radius-small')};
    }
    .credential.is-valid {
      border-inline-start-color: ${token('color-success')};
    }
    .credential.is-invalid,
    .credential.is-revoked {
      border-inline-start-color: ${token('color-danger')};
    }
    .is-revoked .what {
      text-decoration: line-through;
    }
    .what {
      margin: 0;
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .meta,
    .status,
    .message {
      margin: 0;
      font-size: ${token('font-size-small')};
      color: ${token('color-text-muted')};
      overflow-wrap: anywhere;
    }
    .is-valid .status {
      color: ${token('color-success')};
    }
    .is-invalid .status,
    .is-revoked .status,
    .error {
      color: ${token('color-danger')};
    }
    .link {
      justify-self: start;
      font-size: ${token('font-size-small')};
      color: ${token('color-accent')};
      text-underline-offset: 2px;
    }
  `,
];

import { type CSSResult, css, unsafeCSS } from 'lit';

/**
 * The light preset: the default value of every global `--quest-*` token. Elements read a token
 * with this value as fallback, so a page can set tokens on `:root`, on `quest-board` or on any
 * ancestor.
 */
export const lightTokens = {
  'font-family': "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  'font-size': '1rem',
  'font-size-small': '0.875rem',
  'font-size-large': '1.375rem',
  'color-background': '#ffffff',
  'color-surface': '#f6f7f9',
  'color-text': '#1b1f24',
  'color-text-muted': '#545d68',
  'color-border': '#d0d7de',
  'color-accent': '#5b3fd1',
  'color-accent-contrast': '#ffffff',
  'color-success': '#1a7f37',
  'color-danger': '#c5221f',
  'color-focus': '#0969da',
  radius: '0.75rem',
  'radius-small': '0.375rem',
  space: '1rem',
  'space-small': '0.5rem',
  elevation: '0 1px 3px rgb(0 0 0 / 0.12), 0 1px 2px rgb(0 0 0 / 0.08)',
  'transition-duration': '150ms',
} as const;

export type TokenName = keyof typeof lightTokens;

/** The dark preset (colours and elevation; sizes are shared). */
export const darkTokens: Partial<Record<TokenName, string>> = {
  'color-background': '#0d1117',
  'color-surface': '#161b22',
  'color-text': '#e6edf3',
  'color-text-muted': '#9da7b3',
  'color-border': '#3d444d',
  'color-accent': '#a394f0',
  'color-accent-contrast': '#0d1117',
  'color-success': '#3fb950',
  'color-danger': '#ff7b72',
  'color-focus': '#58a6ff',
  elevation: '0 1px 3px rgb(0 0 0 / 0.6)',
};

/** `var(--quest-<name>, <light default>)`. */
export function token(name: TokenName): CSSResult {
  return unsafeCSS(`var(--quest-${name}, ${lightTokens[name]})`);
}

const declarations = (tokens: Partial<Record<TokenName, string>>) =>
  unsafeCSS(
    Object.entries(tokens)
      .map(([name, value]) => `--quest-${name}: ${value};`)
      .join(' '),
  );

/** The board's presets: `theme="dark"`, and `theme="auto"` following `prefers-color-scheme`. */
export const themeStyles = css`
  :host([theme='dark']) {
    ${declarations(darkTokens)}
    color-scheme: dark;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${declarations(darkTokens)}
      color-scheme: dark;
    }
  }
`;

/** What every element shares: box sizing, focus ring, hidden text, reduced motion. */
export const baseStyles = css`
  :host,
  .button,
  input {
    box-sizing: border-box;
  }
  :host {
    font-family: ${token('font-family')};
    color: ${token('color-text')};
  }
  :host([hidden]) {
    display: none !important;
  }
  [hidden] {
    display: none !important;
  }
  :focus-visible {
    outline: 2px solid ${token('color-focus')};
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: ${token('space-small')};
    min-block-size: 2.25rem;
    padding-block: 0.375rem;
    padding-inline: 0.875rem;
    border: 1px solid transparent;
    border-radius: ${token('radius-small')};
    background: ${token('color-accent')};
    color: ${token('color-accent-contrast')};
    font: inherit;
    font-size: ${token('font-size-small')};
    font-weight: 600;
    text-decoration: none;
    cursor: pointer;
    transition: filter ${token('transition-duration')} ease;
  }
  .button:hover {
    filter: brightness(1.08);
  }
  .button.secondary {
    background: transparent;
    color: ${token('color-text')};
    border-color: ${token('color-border')};
  }
  .button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.7;
  }
  @media (prefers-reduced-motion: reduce) {
    .button {
      transition: none;
    }
  }
`;

import { darkTokens, lightTokens } from '@questboard/elements';
import { css, unsafeCSS } from 'lit';

type TokenName = keyof typeof lightTokens;

/** `var(--quest-<name>, <light default>)`: the elements' own tokens and defaults. */
const t = (name: TokenName) => unsafeCSS(`var(--quest-${name}, ${lightTokens[name]})`);

const dark = unsafeCSS(
  Object.entries(darkTokens)
    .map(([name, value]) => `--quest-${name}: ${value};`)
    .join(' '),
);

export const consoleStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: ${t('font-family')};
    font-size: ${t('font-size')};
    color: ${t('color-text')};
    background: ${t('color-background')};
    padding: ${t('space')};
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      ${dark}
      color-scheme: dark;
    }
  }
  *, *::before, *::after { box-sizing: inherit; }
  :focus-visible { outline: 2px solid ${t('color-focus')}; outline-offset: 2px; }
  [hidden] { display: none !important; }
  h1 { font-size: ${t('font-size-large')}; margin: 0; }
  h2 { font-size: 1.125rem; margin: 0 0 ${t('space-small')}; }
  h3 { font-size: 1rem; margin: 0 0 ${t('space-small')}; }
  header { display: flex; align-items: center; gap: ${t('space')}; margin-block-end: ${t('space')}; }
  header .spacer { flex: 1; }
  button {
    font: inherit;
    font-size: ${t('font-size-small')};
    font-weight: 600;
    min-block-size: 2.25rem;
    padding: 0.375rem 0.875rem;
    border-radius: ${t('radius-small')};
    border: 1px solid ${t('color-accent')};
    background: ${t('color-accent')};
    color: ${t('color-accent-contrast')};
    cursor: pointer;
  }
  button.secondary { background: transparent; color: ${t('color-accent')}; }
  button.danger { background: transparent; color: ${t('color-danger')}; border-color: ${t('color-danger')}; }
  button[aria-pressed='true'] { background: ${t('color-accent')}; color: ${t('color-accent-contrast')}; }
  button:disabled { opacity: 0.6; cursor: not-allowed; }
  input, select, textarea {
    font: inherit;
    color: inherit;
    background: ${t('color-background')};
    border: 1px solid ${t('color-border')};
    border-radius: ${t('radius-small')};
    padding: 0.375rem 0.5rem;
    inline-size: 100%;
  }
  textarea { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: ${t('font-size-small')}; }
  textarea.json { min-block-size: 28rem; }
  [aria-invalid='true'] { border-color: ${t('color-danger')}; border-width: 2px; }
  .field { display: grid; gap: 0.25rem; margin-block-end: ${t('space-small')}; }
  .field label { font-size: ${t('font-size-small')}; font-weight: 600; }
  .hint { font-size: ${t('font-size-small')}; color: ${t('color-text-muted')}; margin: 0; }
  .error { color: ${t('color-danger')}; font-size: ${t('font-size-small')}; margin: 0; }
  .row { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0 ${t('space-small')}; }
  fieldset {
    border: 1px solid ${t('color-border')};
    border-radius: ${t('radius')};
    padding: ${t('space')};
    margin: 0 0 ${t('space')};
    background: ${t('color-surface')};
  }
  fieldset fieldset { background: ${t('color-background')}; }
  legend { font-weight: 700; padding-inline: 0.25rem; }
  .layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: ${t('space')}; align-items: start; }
  @media (max-width: 60rem) { .layout { grid-template-columns: 1fr; } }
  .toolbar { display: flex; flex-wrap: wrap; gap: ${t('space-small')}; margin-block-end: ${t('space')}; }
  .preview { position: sticky; inset-block-start: ${t('space')}; }
  .notice { border: 1px solid ${t('color-border')}; border-radius: ${t('radius-small')}; padding: ${t('space-small')}; background: ${t('color-surface')}; margin-block-end: ${t('space-small')}; }
  .notice.bad { border-color: ${t('color-danger')}; }
  table { border-collapse: collapse; inline-size: 100%; }
  th, td { text-align: start; padding: 0.375rem; border-block-end: 1px solid ${t('color-border')}; }
  ul.issues { margin: 0; padding-inline-start: 1.25rem; }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
  form.sign-in { max-inline-size: 28rem; }
  nav { display: flex; flex-wrap: wrap; gap: ${t('space-small')}; }
  nav button[aria-current='page'] { background: ${t('color-accent')}; color: ${t('color-accent-contrast')}; }
  .toolbar h2, .toolbar h3 { margin: 0; align-self: center; }
  .toolbar .spacer { flex: 1; }
  .toolbar > label { align-self: center; font-size: ${t('font-size-small')}; font-weight: 600; }
  .field.inline { display: flex; align-items: center; gap: ${t('space-small')}; margin: 0; }
  .field.inline select, select.narrow { inline-size: auto; }
  button.link {
    background: none; border: none; padding: 0; min-block-size: 0;
    color: ${t('color-danger')}; text-decoration: underline; font-size: inherit;
  }
  .editor { display: grid; grid-template-columns: auto minmax(0, 1fr); }
  .editor .gutter {
    margin: 0; padding: calc(0.375rem + 1px) 0.375rem; text-align: end; user-select: none;
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: ${t('font-size-small')};
    line-height: 1.5; color: ${t('color-text-muted')};
  }
  .editor .gutter span { display: block; }
  .editor .gutter span.bad { color: ${t('color-danger')}; font-weight: 700; }
  .editor textarea { line-height: 1.5; resize: vertical; white-space: pre; overflow-x: auto; }
  .editor textarea.json { min-block-size: 0; }
  .editor textarea[aria-invalid='true'] { border-width: 1px; outline: 1px solid ${t('color-danger')}; }
  dl.figures { display: flex; flex-wrap: wrap; gap: ${t('space')}; margin: 0 0 ${t('space-small')}; }
  dl.figures dt { font-size: ${t('font-size-small')}; color: ${t('color-text-muted')}; }
  dl.figures dd { margin: 0; font-size: ${t('font-size-large')}; font-weight: 700; }
  caption { text-align: start; }
  pre.rule {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: ${t('font-size-small')};
    background: ${t('color-surface')}; border: 1px solid ${t('color-border')};
    border-radius: ${t('radius-small')}; padding: ${t('space-small')}; overflow-x: auto;
  }
  ul.exports { list-style: none; padding: 0; display: grid; gap: ${t('space-small')}; }
  ul.exports li { display: flex; flex-wrap: wrap; align-items: center; gap: ${t('space-small')}; }
  quest-insights { display: block; margin-block-start: ${t('space')}; }
  @media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
`;

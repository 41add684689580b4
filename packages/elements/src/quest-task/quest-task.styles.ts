import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';

export const taskStyles = [
  baseStyles,
  css`
    :host {
      display: block;
      --_background: var(--quest-task-background, ${token('color-background')});
      --_border: var(--quest-task-border-color, ${token('color-border')});
      --_radius: var(--quest-task-radius, ${token('radius-small')});
    }
    .task {
      display: grid;
      gap: ${token('space-small')};
      padding: 0.75rem ${token('space')};
      background: var(--_background);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
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
      font-size: ${token('font-size')};
      font-weight: 600;
    }
    .points,
    .description,
    .waiting,
    .wallet {
      margin: 0;
      font-size: ${token('font-size-small')};
      color: ${token('color-text-muted')};
    }
    .state {
      padding-inline: 0.5rem;
      border: 1px solid var(--_border);
      border-radius: 999px;
      font-size: ${token('font-size-small')};
    }
    .state:focus-visible {
      outline-offset: 1px;
    }
    .is-done .state {
      color: ${token('color-success')};
      border-color: currentColor;
    }
    .is-failed .state,
    .error {
      color: ${token('color-danger')};
    }
    .is-locked .title,
    .is-upcoming .title,
    .is-ended .title {
      color: ${token('color-text-muted')};
    }
    .next {
      color: ${token('color-text')};
      font-weight: 600;
    }
    .details {
      color: ${token('color-text-muted')};
      font-size: ${token('font-size-small')};
    }
    .error,
    .next,
    .progress {
      margin: 0;
      font-size: ${token('font-size-small')};
    }
    .actions,
    form {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: ${token('space-small')};
    }
    fieldset {
      display: grid;
      gap: 0.25rem;
      flex: 1 1 100%;
      margin: 0;
      padding: 0;
      border: 0;
    }
    legend,
    label.field {
      padding: 0;
      margin-block-end: 0.25rem;
      font-size: ${token('font-size-small')};
      font-weight: 600;
    }
    .option {
      display: flex;
      align-items: center;
      gap: ${token('space-small')};
      font-size: ${token('font-size-small')};
    }
    .option input {
      margin: 0;
      accent-color: ${token('color-accent')};
    }
    .field-wrap {
      display: grid;
      flex: 1 1 14rem;
    }
    input[type='text'] {
      min-inline-size: 0;
      min-block-size: 2.25rem;
      padding-block: 0.375rem;
      padding-inline: 0.625rem;
      font: inherit;
      color: inherit;
      background: ${token('color-background')};
      border: 1px solid ${token('color-text-muted')};
      border-radius: ${token('radius-small')};
    }
    input[aria-invalid='true'] {
      border-color: ${token('color-danger')};
    }
  `,
];

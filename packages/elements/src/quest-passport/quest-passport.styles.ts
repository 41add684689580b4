import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';

export const passportStyles = [
  baseStyles,
  css`
    :host {
      display: block;
      --_background: var(--quest-passport-background, ${token('color-background')});
    }
    .passport {
      display: grid;
      gap: ${token('space-small')};
      padding: ${token('space')};
      background: var(--_background);
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
    .credential.is-invalid {
      border-inline-start-color: ${token('color-danger')};
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
    .error {
      color: ${token('color-danger')};
    }
  `,
];

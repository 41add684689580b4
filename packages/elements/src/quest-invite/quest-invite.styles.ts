import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';

export const inviteStyles = [
  baseStyles,
  css`
    :host {
      display: block;
      --_state-qualified: var(--quest-invite-qualified, ${token('color-success')});
      --_state-pending: var(--quest-invite-pending, ${token('color-text-muted')});
    }
    .invite {
      display: grid;
      gap: ${token('space-small')};
      border: 1px solid ${token('color-border')};
      border-radius: ${token('radius')};
      padding: ${token('space')};
    }
    .title {
      margin: 0;
      font-size: ${token('font-size')};
      font-weight: 600;
    }
    .terms,
    .prompt,
    .empty {
      margin: 0;
      color: ${token('color-text-muted')};
      font-size: ${token('font-size-small')};
    }
    .row {
      display: flex;
      gap: ${token('space-small')};
    }
    .link {
      flex: 1;
      min-inline-size: 0;
      font: inherit;
      font-size: ${token('font-size-small')};
      padding: 0.375rem 0.5rem;
      border: 1px solid ${token('color-border')};
      border-radius: ${token('radius')};
      background: transparent;
      color: inherit;
    }
    .referrals {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.25rem;
      font-size: ${token('font-size-small')};
    }
    .referral {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('space-small')};
      align-items: baseline;
    }
    .state {
      font-weight: 600;
      color: var(--_state-pending);
    }
    .referral[data-state='qualified'] .state {
      color: var(--_state-qualified);
    }
    .needs {
      color: ${token('color-text-muted')};
    }
    .error {
      margin: 0;
      color: ${token('color-danger')};
      font-size: ${token('font-size-small')};
    }
  `,
];

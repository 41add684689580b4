import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';

export const insightsStyles = [
  baseStyles,
  css`
    :host {
      display: block;
      --_reached: var(--quest-insights-reached, ${token('color-border')});
      --_completed: var(--quest-insights-completed, ${token('color-accent')});
      --_claimed: var(--quest-insights-claimed, ${token('color-success')});
      --_heat: var(--quest-insights-heat, ${token('color-accent')});
    }
    [hidden] {
      display: none !important;
    }
    section {
      margin-block-end: calc(${token('space')} * 1.5);
    }
    h3 {
      font-size: ${token('font-size')};
      margin: 0 0 ${token('space-small')};
    }
    .summary {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('space')};
      margin: 0 0 ${token('space-small')};
    }
    .summary dt {
      font-size: ${token('font-size-small')};
      color: ${token('color-text-muted')};
    }
    .summary dd {
      margin: 0;
      font-size: ${token('font-size-large')};
      font-variant-numeric: tabular-nums;
    }
    .chart {
      display: block;
      inline-size: 100%;
      block-size: auto;
      max-inline-size: 48rem;
    }
    .chart text {
      font-size: 12px;
      fill: currentColor;
    }
    .reached {
      fill: var(--_reached);
      background: var(--_reached);
    }
    .completed,
    .returning {
      fill: var(--_completed);
      background: var(--_completed);
    }
    .bound {
      fill: var(--_reached);
    }
    .qualified {
      fill: var(--_completed);
    }
    .claimed,
    .new {
      fill: var(--_claimed);
      background: var(--_claimed);
    }
    .legend {
      display: flex;
      gap: ${token('space')};
      list-style: none;
      padding: 0;
      margin: ${token('space-small')} 0 0;
      font-size: ${token('font-size-small')};
      color: ${token('color-text-muted')};
    }
    .swatch {
      display: inline-block;
      inline-size: 0.75rem;
      block-size: 0.75rem;
      border-radius: 2px;
      margin-inline-end: 0.25rem;
      vertical-align: middle;
    }
    table {
      border-collapse: collapse;
      font-variant-numeric: tabular-nums;
      margin-block-start: ${token('space-small')};
    }
    caption {
      text-align: start;
      font-weight: 600;
      padding-block-end: ${token('space-small')};
    }
    th,
    td {
      text-align: end;
      padding: 0.375rem ${token('space-small')};
      border-block-end: 1px solid ${token('color-border')};
    }
    th[scope='row'],
    thead th:first-child {
      text-align: start;
    }
    th {
      font-size: ${token('font-size-small')};
      font-weight: 600;
    }
    td.heat {
      background: color-mix(in srgb, var(--_heat) var(--_rate, 0%), transparent);
    }
    .reasons {
      list-style: none;
      margin: 0;
      padding: 0;
      text-align: start;
    }
    .reasons .count {
      color: ${token('color-text-muted')};
    }
    .status {
      color: ${token('color-text-muted')};
      padding: ${token('space-small')} 0;
    }
    .status.error {
      color: ${token('color-danger')};
    }
    .status button {
      font: inherit;
      padding: 0.25rem 0.75rem;
      border: 1px solid ${token('color-border')};
      border-radius: ${token('radius-small')};
      background: transparent;
      color: ${token('color-text')};
      cursor: pointer;
    }
    .segments {
      display: grid;
      gap: ${token('space-small')};
      max-inline-size: 48rem;
    }
    .segments .field {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: ${token('space-small')};
    }
    .segments label {
      font-size: ${token('font-size-small')};
      min-inline-size: 9rem;
    }
    .condition {
      display: grid;
      gap: ${token('space-small')};
      border: 1px solid ${token('color-border')};
      border-radius: ${token('radius-small')};
      padding: ${token('space-small')} ${token('space')};
      margin: 0;
    }
    .condition legend {
      font-size: ${token('font-size-small')};
      font-weight: 600;
    }
    .segments input,
    .segments select,
    .segments button {
      font: inherit;
      padding: 0.25rem 0.5rem;
      border: 1px solid ${token('color-border')};
      border-radius: ${token('radius-small')};
      background: transparent;
      color: ${token('color-text')};
    }
    .segments button {
      justify-self: start;
      cursor: pointer;
    }
    .segments button:disabled {
      cursor: not-allowed;
      opacity: 0.6;
    }
    .segments input[aria-invalid='true'] {
      border-color: ${token('color-danger')};
    }
    .field-error {
      color: ${token('color-danger')};
      font-size: ${token('font-size-small')};
      margin: 0;
      inline-size: 100%;
    }
    .field-error ul {
      margin: 0;
      padding-inline-start: 1.25rem;
    }
    .raw {
      overflow-wrap: anywhere;
      font-size: ${token('font-size-small')};
    }
    .count {
      font-size: ${token('font-size-large')};
      font-variant-numeric: tabular-nums;
      margin: 0;
    }
    .export {
      display: flex;
      gap: ${token('space-small')};
    }
  `,
];

/** @jsxImportSource preact */
// Type test: the tags in Preact JSX (`@questboard/elements/jsx-preact`). Every
// `@ts-expect-error` line must fail to compile.

import type { Campaign } from '@questboard/core';
import type {} from '@questboard/elements/jsx-preact';

declare const campaign: Campaign;

export const ok = (
  <quest-board
    campaign={campaign}
    theme="dark"
    onquest-claim={(event) => event.detail.firstClaim}
  />
);

export const wrong = (
  <>
    {/* @ts-expect-error theme is light, dark or auto */}
    <quest-board theme="neon" />
    {/* @ts-expect-error quest-claim's detail has no points */}
    <quest-board onquest-claim={(event) => event.detail.points} />
  </>
);

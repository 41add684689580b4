/**
 * Error codes that ask the visitor for a next step (connect a wallet, sign in): shown as
 * guidance ("Sign in to continue"), never in error colour; the board sends the check once the
 * step is done.
 */
export const NEXT_STEP_CODES = ['SIGN_IN_REQUIRED', 'SESSION_EXPIRED', 'WALLET_REQUIRED'] as const;

export type NextStepCode = (typeof NEXT_STEP_CODES)[number];

export const isNextStep = (code: string): code is NextStepCode =>
  (NEXT_STEP_CODES as readonly string[]).includes(code);

/** Whether the next step is a (new) sign-in: none yet, or one the backend no longer knows. */
export const needsSignIn = (code: string): boolean =>
  code === 'SIGN_IN_REQUIRED' || code === 'SESSION_EXPIRED';

/** The catalog message for a next step (`SIGN_IN_REQUIRED` → "Sign in to continue"). */
export function nextStepMessage(code: NextStepCode) {
  return needsSignIn(code) ? ('task.next.signIn' as const) : ('task.next.connect' as const);
}

import type { Message } from './types.js';

/**
 * `<quest-passport>`'s messages (and the new-tab note the reward's claim line shares), in English: out of the eager catalog (./en.ts), loaded with the code that shows them
 * (quest-passport.component.ts, quest-reward.claim.ts: a chunk of the script-tag build), which adds them with `addEnglish`.
 * Every other locale's catalog still has them (`LocaleCatalog`: every `MessageId`).
 */
export const passportMessages = {
  'passport.label': 'Credentials',
  'passport.title': 'Credentials of {address}',
  'passport.empty': 'No credentials yet.',
  'passport.noAddress': 'Connect a wallet or set an address to see its credentials.',
  'passport.loading': 'Loading credentials…',
  'passport.checking': 'Checking…',
  'passport.valid': 'Signature valid',
  'passport.trusted': 'Signature valid · trusted issuer',
  'passport.invalid': 'Does not check out: {reason}',
  'passport.task': 'Task “{task}” of campaign “{campaign}”',
  'passport.issued': 'Issued {date} by {issuer}',
  'passport.revoked': 'Revoked by its issuer on {date}',
  'passport.revocationUnknown': 'Signature valid · revocation not checked ({reason})',
  'passport.explorer': 'View on the EAS explorer',
  'passport.newTab': '(opens in a new tab)',
} as const satisfies Record<string, Message>;

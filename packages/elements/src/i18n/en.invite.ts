import type { Message } from './types.js';

/**
 * `<quest-invite>`'s messages, in English: out of the eager catalog (./en.ts), loaded with the code that shows them
 * (quest-invite.component.ts: a chunk of the script-tag build), which adds them with `addEnglish`.
 * Every other locale's catalog still has them (`LocaleCatalog`: every `MessageId`).
 */
export const inviteMessages = {
  'invite.title': 'Invite friends',
  'invite.terms': {
    one: 'You earn {n} point for each friend who qualifies.',
    other: 'You earn {n} points for each friend who qualifies.',
  },
  'invite.cap': { one: 'Up to {n} friend.', other: 'Up to {n} friends.' },
  'invite.prompt': 'Connect your wallet to get your invite link.',
  'invite.signIn': 'Sign in to get your invite link.',
  'invite.loading': 'Loading your invite link…',
  'invite.linkLabel': 'Your invite link',
  'invite.copy': 'Copy invite link',
  'invite.copied': 'Invite link copied.',
  'invite.copyFailed': 'Could not copy: the link is selected, copy it yourself.',
  'invite.empty': 'Nobody has joined with your link yet.',
  'invite.listLabel': 'Friends you invited',
  'invite.pending': 'Pending',
  'invite.qualified': 'Qualified',
  'invite.expired': 'Expired',
  'invite.needs': 'Still needs {needs}',
  'invite.needTask': '“{task}”',
  'invite.needPoints': { one: '{n} more point', other: '{n} more points' },
  'invite.deadline': 'by {date}',
  'invite.failed': 'Your invitations could not be loaded.',
  'invite.retry': 'Try again',
} as const satisfies Record<string, Message>;

import type { Message } from './types.js';

/**
 * The wording of failed rule checks, in English: out of the eager catalog (./en.ts), loaded with the code that shows them
 * (describe.ts: a chunk of the script-tag build), which adds them with `addEnglish`.
 * Every other locale's catalog still has them (`LocaleCatalog`: every `MessageId`).
 */
export const failureMessages = {
  'failure.tokens': 'tokens',
  'failure.balanceHeld': 'You hold {held} of {min} {symbol}',
  'failure.balance': 'You need at least {min} {symbol} on {chain}',
  'failure.txCount': {
    one: 'Send at least {n} transaction from this wallet on {chain}',
    other: 'Send at least {n} transactions from this wallet on {chain}',
  },
  'failure.txCountHeld': {
    one: 'You have sent {current} of {n} transaction',
    other: 'You have sent {current} of {n} transactions',
  },
  'failure.nft': {
    one: 'You need {n} token of this collection on {chain}',
    other: 'You need {n} tokens of this collection on {chain}',
  },
  'failure.nftHeld': {
    one: 'You hold {current} of {n} token of this collection',
    other: 'You hold {current} of {n} tokens of this collection',
  },
  'failure.events': {
    one: 'Not done yet: {n} matching transaction is needed on {chain}',
    other: 'Not done yet: {n} matching transactions are needed on {chain}',
  },
  'failure.eventsHeld': {
    one: '{current} of {n} matching transaction found',
    other: '{current} of {n} matching transactions found',
  },
  'failure.credential': 'This wallet does not hold the credential this task asks for yet',
  'failure.progress': { one: '{current} of {n} done', other: '{current} of {n} done' },
} as const satisfies Record<string, Message>;

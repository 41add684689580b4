import type { Message } from './types.js';

/**
 * A repeating task's reset line, streaks and calendar (and the streak wording the board's moments share), in English: out of the eager catalog (./en.ts), loaded with the code that shows them
 * (task-schedule.ts, moments.ts: a chunk of the script-tag build), which adds them with `addEnglish`.
 * Every other locale's catalog still has them (`LocaleCatalog`: every `MessageId`).
 */
export const scheduleMessages = {
  'task.schedule.resetsIn': 'Resets in {duration}',
  'task.schedule.doneResetsIn': 'Done for now · again in {duration}',
  'task.streak.day': { one: '{n}-day streak', other: '{n}-day streak' },
  'task.streak.week': { one: '{n}-week streak', other: '{n}-week streak' },
  'task.streak.month': { one: '{n}-month streak', other: '{n}-month streak' },
  'task.streak.period': { one: '{n}-period streak', other: '{n}-period streak' },
  'task.streak.best': { one: 'best {n}', other: 'best {n}' },
  'task.calendar.label': 'Recent periods',
  'task.calendar.done': 'done',
  'task.calendar.missed': 'missed',
  'task.calendar.open': 'not done yet',
} as const satisfies Record<string, Message>;

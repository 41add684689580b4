import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateCampaign } from './validate.js';

const task = (extra: Record<string, unknown> = {}) => ({
  id: 'daily',
  kind: 'visit',
  title: 'Daily',
  points: 1,
  url: 'https://app.example',
  ...extra,
});

const campaign = (
  extra: Record<string, unknown> = {},
  taskExtra: Record<string, unknown> = {},
) => ({
  schemaVersion: 1,
  id: 'c',
  title: 'C',
  tiers: [{ id: 't', title: 'T', tasks: [task(taskExtra)] }],
  ...extra,
});

const issues = (input: unknown) => {
  const result = validateCampaign(input);
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('schedule fields of the campaign format', () => {
  it('accepts every documented form', () => {
    for (const schedule of [
      { every: 'day' },
      { every: 'day', resetAt: '09:30' },
      { every: 'week', weekStart: 'sunday', resetAt: '00:00' },
      { every: 'month' },
      { every: { seconds: 3600 } },
    ])
      assert.deepEqual(
        issues(campaign({ timeZone: 'Europe/Madrid' }, { schedule })),
        [],
        JSON.stringify(schedule),
      );
    assert.deepEqual(
      issues(
        campaign(
          { streak: { every: 'week', freezes: 1 } },
          {
            schedule: { every: 'day' },
            streak: { freezes: 2, repairWindow: 3 },
            claimLimit: { perPeriod: 100, total: 1000 },
            retryAfter: 30,
          },
        ),
      ),
      [],
    );
  });

  it('names every bad field with what to write instead', () => {
    const bad = campaign(
      { timeZone: 'Mars/Olympus', streak: { every: 'fortnight', repairWindow: 1 } },
      {
        schedule: { every: 'day', resetAt: '24:00', weekStart: 'monday', at: 1 },
        streak: { freezes: 31, repairWindow: 8 },
        claimLimit: { perPeriod: 0, total: 1.5 },
        retryAfter: 0,
      },
    );
    assert.deepEqual(
      issues(bad).sort(),
      [
        'streak.repairWindow: is not a known field',
        'streak.every: must be "day", "week", "month" or { "seconds": n }',
        'tiers[0].tasks[0].claimLimit.perPeriod: must be 1 or more',
        'tiers[0].tasks[0].claimLimit.total: must be a whole number',
        'tiers[0].tasks[0].retryAfter: must be at least 1 (seconds)',
        'tiers[0].tasks[0].schedule.at: is not a known field',
        'tiers[0].tasks[0].schedule.resetAt: must be a 24-hour time "HH:MM" such as "09:30"',
        'tiers[0].tasks[0].streak.freezes: must be at most 30',
        'tiers[0].tasks[0].streak.repairWindow: must be at most 7',
        'timeZone: must be an IANA time zone such as "Europe/Madrid" or "UTC" ("Mars/Olympus" is not one this platform knows)',
      ].sort(),
    );
  });

  it('checks what only makes sense across fields', () => {
    assert.deepEqual(issues(campaign({}, { schedule: { every: { seconds: 59 } } })), [
      'tiers[0].tasks[0].schedule.every.seconds: must be at least 60 (one minute)',
    ]);
    assert.deepEqual(
      issues(campaign({}, { schedule: { every: { seconds: 600 }, resetAt: '01:00' } })),
      ['tiers[0].tasks[0].schedule.resetAt: applies to "day", "week" and "month" schedules only'],
    );
    assert.deepEqual(issues(campaign({}, { schedule: { every: 'day', weekStart: 'friday' } })), [
      'tiers[0].tasks[0].schedule.weekStart: applies to "week" schedules only',
    ]);
    assert.deepEqual(issues(campaign({}, { streak: {}, claimLimit: { perPeriod: 5 } })).sort(), [
      'tiers[0].tasks[0].claimLimit.perPeriod: needs a "schedule": a one-off task has no periods',
      'tiers[0].tasks[0].streak: needs a "schedule": only a recurring task keeps a streak',
    ]);
    assert.deepEqual(issues(campaign({}, { claimLimit: {} })), [
      'tiers[0].tasks[0].claimLimit: must set "perPeriod", "total" or both',
    ]);
    assert.deepEqual(
      issues(campaign({}, { schedule: { every: 'day' }, claimLimit: { perPeriod: 5, total: 2 } })),
      ['tiers[0].tasks[0].claimLimit.perPeriod: must be at most "total" (2)'],
    );
  });

  it('a streak milestone names a streak that exists', () => {
    const withTier = (unlock: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      ...campaign(extra, { schedule: { every: 'day' } }),
      tiers: [
        { id: 't', title: 'T', tasks: [task({ schedule: { every: 'day' } })] },
        {
          id: 'm',
          title: 'M',
          unlock: { after: 't', ...unlock },
          tasks: [task({ id: 'collect' })],
        },
      ],
    });
    assert.deepEqual(issues(withTier({ streak: { atLeast: 3 } })), [
      'tiers[1].unlock.streak: names no task, and the campaign has no "streak": add one of the two',
    ]);
    assert.deepEqual(issues(withTier({ streak: { atLeast: 3, task: 'daily' } })), [
      'tiers[1].unlock.streak.task: names task "daily", which keeps no streak',
    ]);
    assert.deepEqual(issues(withTier({ streak: { atLeast: 3, task: 'nope' } })), [
      'tiers[1].unlock.streak.task: names no task of this campaign ("nope")',
    ]);
    assert.deepEqual(
      issues(withTier({ streak: { atLeast: 3 } }, { streak: { every: 'day' } })),
      [],
    );
    assert.deepEqual(issues(withTier({ streak: { atLeast: 0 } }, { streak: { every: 'day' } })), [
      'tiers[1].unlock.streak.atLeast: must be 1 or more',
    ]);
  });
});

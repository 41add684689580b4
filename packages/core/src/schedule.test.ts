import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  indexOfKey,
  instantOf,
  isTimeZone,
  periodAt,
  periodOf,
  SCHEDULE_SECONDS_MIN,
  type Schedule,
  streakOf,
  WEEKDAYS,
} from './schedule.js';

// Zones with every kind of transition: none, 1 h DST both hemispheres, 30-min DST (Lord Howe),
// a +13/+14 zone that skipped a whole day (Apia, 2011-12-30), :45 offsets (Chatham, Kathmandu),
// a zone whose DST starts at midnight (Santiago: 00:00 does not exist on that day).
const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Apia',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'America/Santiago',
  'America/Sao_Paulo',
] as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) });
const zone = fc.constantFrom(...ZONES);
const resetAt = fc.option(
  fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  { nil: undefined },
);
const calendar: fc.Arbitrary<Schedule> = fc.record(
  {
    every: fc.constantFrom('day', 'week', 'month'),
    resetAt,
    weekStart: fc.constantFrom(...WEEKDAYS),
  },
  { requiredKeys: ['every'] },
) as fc.Arbitrary<Schedule>;

const local = (tz: string, t: number) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'long',
  }).formatToParts(t);
const part = (parts: Intl.DateTimeFormatPart[], type: string) =>
  parts.find((p) => p.type === type)!.value;

describe('periodOf', () => {
  it('the period contains the instant; its start and end belong to it and to the next', () => {
    fc.assert(
      fc.property(calendar, zone, instant, (schedule, tz, now) => {
        const p = periodOf(schedule, now, tz);
        assert.ok(p.start <= now && now < p.end, `${p.key}: ${p.start} ≤ ${now} < ${p.end}`);
        assert.equal(periodOf(schedule, p.start, tz).key, p.key);
        assert.equal(periodOf(schedule, p.end - 1, tz).key, p.key);
        const next = periodOf(schedule, p.end, tz);
        assert.equal(next.index, p.index + 1);
        assert.equal(next.start, p.end);
        assert.ok(next.key > p.key, `${next.key} sorts after ${p.key}`);
        assert.equal(periodOf(schedule, p.start - 1, tz).index, p.index - 1);
      }),
      { numRuns: 600 },
    );
  });

  it('periods are as long as the calendar says, give or take a DST change', () => {
    fc.assert(
      fc.property(calendar, zone, instant, (schedule, tz, now) => {
        const p = periodOf(schedule, now, tz);
        const length = p.end - p.start;
        // Apia skipped 2011-12-30 entirely: a "day" there may be the 24 h of the 31st after a
        // 0-hour 30th (so never 0 here, the 30th has no instant), a week 6 days long.
        const [lo, hi] =
          schedule.every === 'day'
            ? [22 * HOUR, 26 * HOUR]
            : schedule.every === 'week'
              ? [6 * DAY - 2 * HOUR, 7 * DAY + 2 * HOUR]
              : [27 * DAY, 31 * DAY + 2 * HOUR];
        assert.ok(length >= lo && length <= hi, `${tz} ${p.key}: ${length / HOUR} h`);
      }),
      { numRuns: 600 },
    );
  });

  it('starts at the reset time on the local clock (or just after a gap) on the right weekday', () => {
    fc.assert(
      fc.property(calendar, zone, instant, (schedule, tz, now) => {
        const p = periodOf(schedule, now, tz);
        const parts = local(tz, p.start);
        const [h, m] = (schedule.resetAt ?? '00:00').split(':').map(Number) as [number, number];
        const got = Number(part(parts, 'hour')) * 60 + Number(part(parts, 'minute'));
        // Equal, or the reset time fell in a spring-forward gap (at most 1 h, 30 min in Lord Howe).
        const diff = got - (h * 60 + m);
        assert.ok(diff === 0 || (diff > 0 && diff <= 60), `${tz} ${p.key} starts at ${got}`);
        if (schedule.every === 'week' && diff === 0 && tz !== 'Pacific/Apia')
          assert.equal(part(parts, 'weekday').toLowerCase(), schedule.weekStart ?? 'monday');
        if (schedule.every === 'month' && diff === 0) assert.equal(part(parts, 'day'), '01');
        if (schedule.every === 'day' && diff === 0)
          assert.equal(
            p.key,
            `${part(parts, 'year')}-${part(parts, 'month')}-${part(parts, 'day')}`,
          );
      }),
      { numRuns: 600 },
    );
  });

  it('known transitions: New York spring forward and fall back, Lord Howe, Santiago midnight', () => {
    // 2026-03-08 02:00 EST → 03:00 EDT: the day is 23 h long.
    const spring = periodOf({ every: 'day' }, Date.UTC(2026, 2, 8, 12), 'America/New_York');
    assert.equal(spring.key, '2026-03-08');
    assert.equal(spring.start, Date.UTC(2026, 2, 8, 5));
    assert.equal(spring.end - spring.start, 23 * HOUR);
    // 2026-11-01 02:00 EDT → 01:00 EST: 25 h.
    const fall = periodOf({ every: 'day' }, Date.UTC(2026, 10, 1, 12), 'America/New_York');
    assert.equal(fall.end - fall.start, 25 * HOUR);
    // A 02:30 reset on the spring day does not exist: it starts at 03:30 EDT (07:30 UTC).
    const gap = periodOf(
      { every: 'day', resetAt: '02:30' },
      Date.UTC(2026, 2, 8, 12),
      'America/New_York',
    );
    assert.equal(gap.start, Date.UTC(2026, 2, 8, 7, 30));
    // A 01:30 reset on the fall day happens twice: the earlier one (EDT, 05:30 UTC).
    const overlap = periodOf(
      { every: 'day', resetAt: '01:30' },
      Date.UTC(2026, 10, 1, 12),
      'America/New_York',
    );
    assert.equal(overlap.start, Date.UTC(2026, 10, 1, 5, 30));
    // Lord Howe: 30-minute DST (2026-04-05 02:00 +11 → 01:30 +10:30): 24.5 h.
    const howe = periodOf({ every: 'day' }, Date.UTC(2026, 3, 5, 6), 'Australia/Lord_Howe');
    assert.equal(howe.end - howe.start, 24.5 * HOUR);
    // Apia skipped 2011-12-30: the 29th is followed by the 31st.
    const apia = periodOf({ every: 'day' }, Date.UTC(2011, 11, 29, 20), 'Pacific/Apia');
    assert.equal(apia.key, '2011-12-29');
    assert.equal(periodOf({ every: 'day' }, apia.end, 'Pacific/Apia').key, '2011-12-31');
    // A daily task at 23:59 and 00:01 local time in Tokyo are different days (not UTC's).
    const tokyo = (h: number, m: number) =>
      periodOf({ every: 'day' }, Date.UTC(2026, 11, 1, h, m), 'Asia/Tokyo').key;
    assert.equal(tokyo(14, 59), '2026-12-01');
    assert.equal(tokyo(15, 1), '2026-12-02');
  });

  it('fixed-length periods count from the anchor', () => {
    const anchor = Date.UTC(2026, 0, 1);
    const p = periodOf({ every: { seconds: 3600 } }, anchor + 2.5 * HOUR, 'UTC', anchor);
    assert.deepEqual(p, { key: 's2', index: 2, start: anchor + 2 * HOUR, end: anchor + 3 * HOUR });
    assert.throws(() => periodOf({ every: { seconds: 1 } }, 0), /every.seconds/);
  });

  it('instantOf inverts the wall clock outside transitions', () => {
    fc.assert(
      fc.property(zone, instant, (tz, t) => {
        const whole = Math.floor(t / 60_000) * 60_000;
        const parts = local(tz, whole);
        const wall = {
          year: Number(part(parts, 'year')),
          month: Number(part(parts, 'month')),
          day: Number(part(parts, 'day')),
          hour: Number(part(parts, 'hour')),
          minute: Number(part(parts, 'minute')),
          second: 0,
        };
        const back = instantOf(tz, wall);
        // Equal, or the earlier of two instants with this wall clock (an overlap).
        assert.ok(back === whole || (back < whole && whole - back <= HOUR), `${tz} ${whole}`);
      }),
      { numRuns: 500 },
    );
  });

  it('knows IANA zones and refuses others', () => {
    assert.equal(isTimeZone('Europe/Paris'), true);
    assert.equal(isTimeZone('Mars/Olympus'), false);
    assert.equal(isTimeZone(''), false);
  });
});

describe('streakOf', () => {
  it('counts consecutive periods and stays alive through the current one', () => {
    assert.deepEqual(streakOf([1, 2, 3], 3), {
      current: 3,
      best: 3,
      doneThisPeriod: true,
      freezesUsed: 0,
    });
    assert.equal(streakOf([1, 2, 3], 4).current, 3); // today not done yet
    assert.equal(streakOf([1, 2, 3], 5).current, 0); // yesterday missed
    assert.equal(streakOf([1, 2, 3, 7, 8], 8).best, 3);
    assert.equal(streakOf([], 8).current, 0);
  });

  it('freezes bridge missed periods, up to their number', () => {
    assert.equal(streakOf([1, 2, 4, 5], 5, { freezes: 1 }).current, 4);
    assert.equal(streakOf([1, 2, 4, 6], 6, { freezes: 1 }).current, 1);
    assert.equal(streakOf([1, 2, 4, 6], 6, { freezes: 2 }).current, 4);
  });

  it('matches a direct count over any set of completed periods (no freezes)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 61 }),
        (done, now) => {
          const set = new Set(done.filter((i) => i <= now));
          let current = 0;
          for (let i = set.has(now) ? now : now - 1; set.has(i); i--) current++;
          let best = 0;
          for (const i of set) {
            if (set.has(i - 1)) continue;
            let n = 0;
            while (set.has(i + n)) n++;
            best = Math.max(best, n);
          }
          const s = streakOf(done, now);
          assert.equal(s.current, current);
          assert.equal(s.best, best);
        },
      ),
    );
  });
});

describe('periodAt and indexOfKey', () => {
  const fixed: fc.Arbitrary<Schedule> = fc
    .integer({ min: SCHEDULE_SECONDS_MIN, max: 30 * 86_400 })
    .map((seconds) => ({ every: { seconds } }));

  it('invert periodOf: the period at its index is the same period, its key gives the index', () => {
    fc.assert(
      fc.property(
        fc.oneof(calendar, fixed),
        zone,
        instant,
        fc.integer({ min: -40, max: 40 }),
        (schedule, tz, now, step) => {
          const anchor = Date.UTC(2001, 0, 1);
          const p = periodOf(schedule, now, tz, anchor);
          assert.deepEqual(periodAt(schedule, p.index, tz, anchor), p);
          assert.equal(indexOfKey(schedule, p.key), p.index);
          // A period some steps away is where the index says (streaks and repairs rely on it).
          const q = periodAt(schedule, p.index + step, tz, anchor);
          assert.equal(q.index, p.index + step);
          assert.equal(periodOf(schedule, q.start, tz, anchor).key, q.key);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("refuses keys that are not the schedule's", () => {
    assert.equal(indexOfKey({ every: 'day' }, '2026-12'), undefined);
    assert.equal(indexOfKey({ every: 'day' }, '2026-02-30'), undefined);
    assert.equal(indexOfKey({ every: 'month' }, '2026-12-01'), undefined);
    // 2026-12-01 is a Tuesday: no Monday-start week begins on it.
    assert.equal(indexOfKey({ every: 'week' }, '2026-W2026-12-01'), undefined);
    assert.equal(
      indexOfKey({ every: 'week' }, '2026-W2026-11-30'),
      periodOf({ every: 'week' }, Date.UTC(2026, 11, 1)).index,
    );
    assert.equal(indexOfKey({ every: { seconds: 60 } }, '2026-12-01'), undefined);
  });
});

/**
 * Periods of scheduled (recurring) tasks: which period an instant falls in, when it started,
 * when it resets, and streaks over completed periods. Pure functions of (schedule, time zone,
 * instant) so the browser's memory backend and the server compute the same period keys; the
 * backend computes the key, never the client.
 *
 * Time zones are IANA names handled through the platform's `Intl` (every browser and Node ship
 * the tz database): the only operations needed are "wall clock of an instant" and "instant of a
 * wall clock", written here in ~60 lines instead of pulling a date library into the board.
 * A wall-clock time that does not exist (a spring-forward gap) resolves to the instant after
 * the gap, one that occurs twice (fall-back overlap) to the earlier instant — Temporal's
 * `disambiguation: 'compatible'`.
 */

export const SCHEDULE_UNITS = ['day', 'week', 'month'] as const;
export type ScheduleUnit = (typeof SCHEDULE_UNITS)[number];

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Shortest and longest fixed-length period, in seconds (1 minute to 366 days). */
export const SCHEDULE_SECONDS_MIN = 60;
export const SCHEDULE_SECONDS_MAX = 366 * 86_400;

export interface Schedule {
  /** A calendar unit in the campaign's time zone, or a fixed length in seconds. */
  every: ScheduleUnit | { seconds: number };
  /** Local wall-clock time the period starts at, `HH:MM` (24 h). Default `00:00`. */
  resetAt?: string;
  /** First day of a `week` period. Default `monday` (ISO 8601). */
  weekStart?: Weekday;
}

/** One period of a schedule. `start` ≤ instant < `end`, both Unix milliseconds. */
export interface Period {
  /**
   * Stable, sortable key: `2026-12-01` (day: the local date the period starts on),
   * `2026-W2026-11-30` (week: its first local date), `2026-12` (month), `s123` (seconds: the
   * index since `anchor`).
   */
  key: string;
  /** Integer position of the period on its schedule: consecutive periods differ by one. */
  index: number;
  start: number;
  end: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA time zone this platform knows. */
export function isTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface Wall {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock in `timeZone` at `instant` (whole seconds). */
function wallClock(timeZone: string, instant: number): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

const asUtc = (w: Wall) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** Offset of `timeZone` from UTC at `instant`, in ms (wall − UTC), to the second. */
function offsetAt(timeZone: string, instant: number): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return asUtc(wallClock(timeZone, whole)) - whole;
}

/** The instant a wall-clock time happens in `timeZone` (gap → after it, overlap → earlier). */
export function instantOf(timeZone: string, wall: Wall): number {
  const guess = asUtc(wall);
  // Offsets in force a day either side cover every transition (none lasts longer).
  const before = offsetAt(timeZone, guess - 86_400_000);
  const after = offsetAt(timeZone, guess + 86_400_000);
  const candidates = [...new Set([before, after, offsetAt(timeZone, guess)])]
    .map((offset) => guess - offset)
    .filter((t) => asUtc(wallClock(timeZone, t)) === guess)
    .sort((a, b) => a - b);
  if (candidates.length) return candidates[0]!;
  // In a gap: the clock jumped from `before` to a later offset; keep the earlier offset, which
  // lands the same distance past the jump.
  return guess - before;
}

function parseResetAt(resetAt: string | undefined): { hour: number; minute: number } {
  if (resetAt === undefined) return { hour: 0, minute: 0 };
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(resetAt);
  if (!m) throw new RangeError(`resetAt must be HH:MM (24 h), got "${resetAt}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** Days since 1970-01-01 of a calendar date (proleptic Gregorian). */
const dayNumber = (year: number, month: number, day: number) =>
  Math.floor(Date.UTC(year, month - 1, day) / 86_400_000);

function dateOf(dayNo: number): { year: number; month: number; day: number } {
  const d = new Date(dayNo * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateKey = (dayNo: number) => {
  const { year, month, day } = dateOf(dayNo);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
};

/**
 * The period of `schedule` that contains `now`, in `timeZone` (default UTC). Fixed-length
 * schedules count from `anchor` (Unix ms, default 0; use the campaign's start).
 */
export function periodOf(schedule: Schedule, now: number, timeZone = 'UTC', anchor = 0): Period {
  const { every } = schedule;
  if (typeof every === 'object') {
    const length = every.seconds * 1000;
    if (
      !Number.isInteger(every.seconds) ||
      every.seconds < SCHEDULE_SECONDS_MIN ||
      every.seconds > SCHEDULE_SECONDS_MAX
    )
      throw new RangeError(
        `every.seconds must be a whole number from ${SCHEDULE_SECONDS_MIN} to ${SCHEDULE_SECONDS_MAX}`,
      );
    const index = Math.floor((now - anchor) / length);
    const start = anchor + index * length;
    return { key: `s${index}`, index, start, end: start + length };
  }
  const reset = parseResetAt(schedule.resetAt);
  const startOfDay = (dayNo: number) => {
    const { year, month, day } = dateOf(dayNo);
    return instantOf(timeZone, {
      year,
      month,
      day,
      hour: reset.hour,
      minute: reset.minute,
      second: 0,
    });
  };
  const wall = wallClock(timeZone, now);
  // The local date whose reset time is the latest one at or before `now`.
  let day = dayNumber(wall.year, wall.month, wall.day);
  if (startOfDay(day) > now) day -= 1;
  if (every === 'day')
    return { key: dateKey(day), index: day, start: startOfDay(day), end: startOfDay(day + 1) };
  if (every === 'week') {
    const first = WEEKDAYS.indexOf(schedule.weekStart ?? 'monday');
    // 1970-01-01 was a Thursday (index 3 from Monday).
    const weekday = (((day + 3) % 7) + 7) % 7;
    const startDay = day - ((weekday - first + 7) % 7);
    // Index: weeks since the first such weekday on or before 1970-01-01.
    const index = (startDay + ((3 - first + 7) % 7)) / 7;
    return {
      key: `${dateKey(startDay).slice(0, 4)}-W${dateKey(startDay)}`,
      index,
      start: startOfDay(startDay),
      end: startOfDay(startDay + 7),
    };
  }
  // month: the period starts on the 1st at the reset time.
  const { year, month } = dateOf(day);
  const startDay = dayNumber(year, month, 1);
  const nextDay = dayNumber(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1);
  return {
    key: `${pad(year, 4)}-${pad(month)}`,
    index: year * 12 + (month - 1),
    start: startOfDay(startDay),
    end: startOfDay(nextDay),
  };
}

/** Largest `freezes` and `repairWindow` of a streak. */
export const STREAK_FREEZES_MAX = 30;
export const STREAK_REPAIR_WINDOW_MAX = 7;

/** How forgiving a streak is (both off by default). */
export interface StreakRules {
  /** Missed periods a streak may bridge in total (0–30). Default 0. */
  freezes?: number;
  /**
   * How many periods back a missed period can still be made up (0–7): once the current period is
   * done, doing the task again fills the latest missed period within the window, as long as a
   * streak came before it. Default 0 (no repairs).
   */
  repairWindow?: number;
}

/** The period of `schedule` at position `index` (the inverse of `periodOf(…).index`). */
export function periodAt(schedule: Schedule, index: number, timeZone = 'UTC', anchor = 0): Period {
  const { every } = schedule;
  if (typeof every === 'object')
    return periodOf(schedule, anchor + index * every.seconds * 1000, timeZone, anchor);
  const reset = parseResetAt(schedule.resetAt);
  // Noon-ish of a local date inside the period, after its reset time whatever the offset.
  const inside = (dayNo: number) => {
    const { year, month, day } = dateOf(dayNo);
    return (
      instantOf(timeZone, { year, month, day, hour: reset.hour, minute: reset.minute, second: 0 }) +
      3_600_000
    );
  };
  if (every === 'day') return periodOf(schedule, inside(index), timeZone, anchor);
  if (every === 'week') {
    const first = WEEKDAYS.indexOf(schedule.weekStart ?? 'monday');
    return periodOf(schedule, inside(index * 7 - ((3 - first + 7) % 7)), timeZone, anchor);
  }
  const year = Math.floor(index / 12);
  return periodOf(schedule, inside(dayNumber(year, index - year * 12 + 1, 1)), timeZone, anchor);
}

/** The `index` of a period from its `key`, or `undefined` when the key is not this schedule's. */
export function indexOfKey(schedule: Schedule, key: string): number | undefined {
  const { every } = schedule;
  let m: RegExpExecArray | null;
  if (typeof every === 'object') {
    m = /^s(-?\d{1,12})$/.exec(key);
    return m ? Number(m[1]) : undefined;
  }
  if (every === 'month') {
    m = /^(\d{4})-(\d{2})$/.exec(key);
    return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : undefined;
  }
  m = (every === 'day' ? /^()(\d{4})-(\d{2})-(\d{2})$/ : /^(\d{4})-W(\d{4})-(\d{2})-(\d{2})$/).exec(
    key,
  );
  if (!m) return undefined;
  const day = dayNumber(Number(m[2]), Number(m[3]), Number(m[4]));
  if (dateKey(day) !== key.slice(-10)) return undefined;
  if (every === 'day') return day;
  const first = WEEKDAYS.indexOf(schedule.weekStart ?? 'monday');
  const index = (day + ((3 - first + 7) % 7)) / 7;
  return Number.isInteger(index) ? index : undefined;
}

export interface StreakOptions {
  /**
   * Missed periods a streak may bridge in total (a "freeze" each). Default 0: any missed
   * period ends the streak.
   */
  freezes?: number;
}

export interface Streak {
  /** Periods in the streak that is still alive (ends in the current or the previous period). */
  current: number;
  /** The longest streak ever. */
  best: number;
  /** Whether the current period is already done. */
  doneThisPeriod: boolean;
  /** Freezes the current streak has used. */
  freezesUsed: number;
}

/**
 * Current and best streak from the indices of the periods with a completion (`Period.index`),
 * derived from the stored completions rather than kept as a counter. A streak stays alive
 * through the current period until it ends: not having done today's task yet does not break
 * yesterday's streak.
 */
export function streakOf(
  completed: Iterable<number>,
  currentIndex: number,
  options: StreakOptions = {},
): Streak {
  const freezes = Math.max(0, Math.floor(options.freezes ?? 0));
  const indices = [...new Set(completed)].filter((i) => i <= currentIndex).sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  let used = 0;
  let last: number | undefined;
  for (const i of indices) {
    const gap = last === undefined ? 0 : i - last - 1;
    if (last !== undefined && gap <= freezes - used) {
      used += gap;
      run += 1;
    } else {
      run = 1;
      used = 0;
    }
    last = i;
    best = Math.max(best, run);
  }
  if (last === undefined) return { current: 0, best: 0, doneThisPeriod: false, freezesUsed: 0 };
  const sinceLast = currentIndex - last; // 0: done this period
  const alive = sinceLast === 0 || sinceLast - 1 <= freezes - used;
  return {
    current: alive ? run : 0,
    best,
    doneThisPeriod: sinceLast === 0,
    freezesUsed: alive ? used + Math.max(0, sinceLast - 1) : 0,
  };
}

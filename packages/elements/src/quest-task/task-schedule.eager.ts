// What of a recurring task's schedule line every <quest-task> carries (small): its parts, its
// styles, the clock that re-renders it as the minutes pass, and the loader of the line itself
// (./task-schedule.ts, a chunk of its own in the script-tag build), which only boards whose
// campaign has schedules ever request.
import { css, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { token } from '../styles/tokens.js';

/** The parts this adds to `<quest-task>`. */
export const SCHEDULE_PARTS = [
  'task-schedule',
  'task-resets',
  'task-streak',
  'task-calendar',
  'task-calendar-day',
] as const;

const MINUTE = 60_000;

type ScheduleView = typeof import('./task-schedule.js');

let view: ScheduleView | undefined;
let loading: Promise<ScheduleView> | undefined;

/** The schedule line's code once loaded, else `undefined` (then `loadTaskSchedule()`). */
export const taskScheduleView = (): ScheduleView | undefined => view;

/**
 * Loads the schedule line (./task-schedule.ts). The first task that shows a schedule calls it;
 * calling it earlier (as soon as a campaign with schedules is known) only starts it sooner.
 * A failed load is retried on the next call.
 */
export function loadTaskSchedule(): Promise<ScheduleView> {
  loading ??= import('./task-schedule.js').then(
    (m) => (view = m),
    (error) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * Re-renders its host as time passes while it shows a schedule: at the next minute (what
 * "resets in" shows), never more often. `now` is the clock (injectable for tests).
 */
export class ScheduleClock implements ReactiveController {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #connected = false;

  constructor(
    private readonly host: ReactiveControllerHost & { readonly scheduleShown: boolean },
    public now: () => number = Date.now,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#connected = true;
  }

  hostDisconnected(): void {
    this.#connected = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  hostUpdated(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#connected || !this.host.scheduleShown) return;
    const wait = MINUTE - (this.now() % MINUTE) + 50;
    this.#timer = setTimeout(() => this.host.requestUpdate(), wait);
  }
}

export const scheduleStyles = css`
  .schedule {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: ${token('space-small')};
    font-size: ${token('font-size-small')};
    color: ${token('color-text-muted')};
  }
  .resets,
  .streak {
    margin: 0;
  }
  .streak .best {
    margin-inline-start: ${token('space-small')};
  }
  .calendar {
    display: flex;
    gap: 0.25rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .day {
    inline-size: 0.75rem;
    block-size: 0.75rem;
    border-radius: 0.2rem;
    border: 1px solid ${token('color-border')};
  }
  .day.is-done {
    background: ${token('color-success')};
    border-color: ${token('color-success')};
  }
  .day.is-open {
    border-style: dashed;
  }
`;

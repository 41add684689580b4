// The schedule of a recurring task inside <quest-task>: when it resets ("Resets in 5 h 12 min",
// in the visitor's locale) and, for streak tasks, the streak and a compact calendar of the last
// periods. Plain markup in the task's shadow root (no element of its own: one per task would
// cost a shadow root each). Loaded on demand (a chunk of its own in the script-tag build) by
// ./task-schedule.eager.ts, which also holds what every task carries: parts, styles, the clock.
import type { LadderTask } from '@questboard/core';
import { html, nothing } from 'lit';
import { scheduleMessages } from '../i18n/en.schedule.js';
import type { Translator } from '../i18n/index.js';
import { addEnglish } from '../i18n/index.js';

// This code's English messages (kept out of the script-tag file's eager catalog).
addEnglish(scheduleMessages);

const MINUTE = 60_000;

/**
 * A duration as the locale writes it with units ("5 hr, 12 min" / "5 h y 12 min"), the two
 * largest of days, hours and minutes, rounded up to the minute. Built from
 * `Intl.NumberFormat` units and `Intl.ListFormat` (no `Intl.DurationFormat`, which not every
 * browser has).
 */
export function formatDuration(locale: string, ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: [number, 'day' | 'hour' | 'minute'][] = days
    ? [
        [days, 'day'],
        [hours, 'hour'],
      ]
    : hours
      ? [
          [hours, 'hour'],
          [mins, 'minute'],
        ]
      : [[mins, 'minute']];
  const words = parts
    .filter(([n], i) => n > 0 || i === 0)
    .map(([n, unit]) =>
      new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(n),
    );
  return new Intl.ListFormat(locale, { type: 'unit', style: 'narrow' }).format(words);
}

/** The label of a period in the calendar, from its key (the campaign's local date). */
function periodLabel(locale: string, key: string, start: number): string {
  const date = /(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (date)
    return new Intl.DateTimeFormat(locale, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    }).format(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3])));
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month)
    return new Intl.DateTimeFormat(locale, {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(start);
}

/** When the schedule of `entry` resets, its streak and its last periods; nothing for one-off tasks. */
export function renderSchedule(entry: LadderTask, i18n: Translator, now: number) {
  const period = entry.period;
  if (!period) return nothing;
  const left = Math.max(0, period.end - now);
  const streak = entry.streak;
  return html`<div part="task-schedule" class="schedule">
    <p part="task-resets" class="resets">
      ${i18n.t(entry.state === 'done' ? 'task.schedule.doneResetsIn' : 'task.schedule.resetsIn', {
        duration: formatDuration(i18n.locale, left),
      })}
    </p>
    ${
      streak
        ? html`<p part="task-streak" class="streak">
            ${i18n.t(`task.streak.${typeof entry.task.schedule?.every === 'string' ? entry.task.schedule.every : 'period'}`, { n: streak.current })}
            <span class="best">${i18n.t('task.streak.best', { n: streak.best })}</span>
          </p>`
        : nothing
    }
    ${
      entry.recent?.length
        ? html`<ol part="task-calendar" class="calendar" aria-label=${i18n.t('task.calendar.label')}>
            ${entry.recent.map((day, i, all) => {
              const state = day.done ? 'done' : i === all.length - 1 ? 'open' : 'missed';
              return html`<li
                part="task-calendar-day"
                class="day is-${state}"
                title=${periodLabel(i18n.locale, day.key, day.start)}
              >
                <span class="visually-hidden"
                  >${periodLabel(i18n.locale, day.key, day.start)}:
                  ${i18n.t(`task.calendar.${state}`)}</span
                >
              </li>`;
            })}
          </ol>`
        : nothing
    }
  </div>`;
}

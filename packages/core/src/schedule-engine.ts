// The schedule engine as one object: what the ladder engine needs to derive scheduled tasks'
// periods and streaks. A module of its own so the ladder state can load it (a dynamic
// `import()`, a chunk of its own in browser bundles) only for campaigns that have schedules.
import { periodAt, periodOf } from './schedule.js';
import {
  campaignStreak,
  scheduleAnchor,
  taskPeriod,
  taskStreak,
  timeZoneOf,
} from './schedule-tasks.js';

/** The schedule functions the ladder engine calls (`deriveLadderWith`). */
export const scheduleEngine = {
  periodAt,
  periodOf,
  campaignStreak,
  scheduleAnchor,
  taskPeriod,
  taskStreak,
  timeZoneOf,
};

export type ScheduleEngine = typeof scheduleEngine;

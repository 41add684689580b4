// Counting a visitor's completions of a task (one-off or scheduled): no schedule arithmetic, so
// the ladder engine's body (./derive.ts) needs no schedule code for campaigns without schedules.
// Re-exported by ../schedule-tasks.ts beside the functions that do need it.
import type { Task } from '../campaign/campaign.js';
import type { Completion, Progress } from './progress.js';

/** The stored completions of a scheduled task, by period key. */
export const periodCompletions = (
  progress: Progress,
  taskId: string,
): Readonly<Record<string, Completion>> =>
  (progress.periods && Object.hasOwn(progress.periods, taskId) && progress.periods[taskId]) || {};

/** Whether a task has been done at all (one-off: once; scheduled: in any period). */
export function everDone(progress: Progress, task: Task): boolean {
  if (!task.schedule) return Object.hasOwn(progress.completed, task.id);
  return Object.keys(periodCompletions(progress, task.id)).length > 0;
}

/** How many times a task has been completed (one-off: 0 or 1). */
export function completionCount(progress: Progress, task: Task): number {
  if (!task.schedule) return Object.hasOwn(progress.completed, task.id) ? 1 : 0;
  return Object.keys(periodCompletions(progress, task.id)).length;
}

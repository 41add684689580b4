/**
 * Requests a sub-element sends to the board that renders it. They bubble inside the board's
 * shadow root only (not composed): the page sees the public `quest-*` events instead.
 */
export interface TaskActionDetail {
  taskId: string;
  /** `verify` checks the task; `wallet` asks for the wallet; `edit` clears a failed state. */
  action: 'verify' | 'wallet' | 'edit';
  input?: string;
}

export interface ClaimRequestDetail {
  tierId: string;
}

export const TASK_ACTION = 'quest-task-action';
export const CLAIM_REQUEST = 'quest-claim-request';

export function taskAction(detail: TaskActionDetail): CustomEvent<TaskActionDetail> {
  return new CustomEvent(TASK_ACTION, { detail, bubbles: true, composed: false });
}

export function claimRequest(detail: ClaimRequestDetail): CustomEvent<ClaimRequestDetail> {
  return new CustomEvent(CLAIM_REQUEST, { detail, bubbles: true, composed: false });
}

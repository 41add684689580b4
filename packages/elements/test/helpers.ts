import { waitUntil } from '@open-wc/testing';
import type { Campaign, LadderTask } from '@questboard/core';
import type { QuestBoard } from '../src/quest-board/quest-board.component.js';
import type { QuestReward } from '../src/quest-reward/quest-reward.component.js';
import type { QuestTask } from '../src/quest-task/quest-task.component.js';
import type { QuestTier } from '../src/quest-tier/quest-tier.component.js';

/** The sample campaign, served by the test server (its root is the repository). */
export const SAMPLE_URL = '/examples/campaigns/questboard-101.json';

export async function sampleCampaign(): Promise<Campaign> {
  const response = await fetch(SAMPLE_URL);
  return (await response.json()) as Campaign;
}

/** Waits until the board has loaded (or failed) and rendered. */
export async function settled(board: QuestBoard): Promise<void> {
  await board.updateComplete;
  await board.loadComplete;
  await board.updateComplete;
  await waitUntil(() => board.state.$status.get() !== 'loading', 'board still loading');
  await board.updateComplete;
}

export function part<T extends Element = HTMLElement>(root: Element, name: string): T | null {
  return (root.shadowRoot ?? root).querySelector<T>(`[part~="${name}"]`);
}

export function parts<T extends Element = HTMLElement>(root: Element, name: string): T[] {
  return [...(root.shadowRoot ?? root).querySelectorAll<T>(`[part~="${name}"]`)];
}

export function tiers(board: QuestBoard): QuestTier[] {
  return [...board.shadowRoot!.querySelectorAll('quest-tier')];
}

export function tier(board: QuestBoard, id: string): QuestTier {
  const found = tiers(board).find((t) => t.tier?.tier.id === id);
  if (!found) throw new Error(`no tier ${id}`);
  return found;
}

export function task(board: QuestBoard, id: string): QuestTask {
  const found = [...board.shadowRoot!.querySelectorAll('quest-task')].find(
    (t) => t.entry?.task.id === id,
  );
  if (!found) throw new Error(`no task ${id}`);
  return found;
}

export function reward(board: QuestBoard, tierId: string): QuestReward {
  const found = tier(board, tierId).querySelector('quest-reward');
  if (!found) throw new Error(`no reward for ${tierId}`);
  return found;
}

export function stateOf(board: QuestBoard, taskId: string): LadderTask['state'] | undefined {
  return task(board, taskId).entry?.state;
}

/** Waits for every element of the board to render. */
export async function rendered(board: QuestBoard): Promise<void> {
  await board.updateComplete;
  const children = [
    ...board.shadowRoot!.querySelectorAll<HTMLElement & { updateComplete: Promise<unknown> }>(
      'quest-tier, quest-task, quest-reward, quest-progress',
    ),
  ];
  await Promise.all(children.map((c) => c.updateComplete));
}

/** Waits until a task reaches a state, re-rendered. */
export async function untilTask(
  board: QuestBoard,
  taskId: string,
  state: LadderTask['state'],
): Promise<void> {
  await waitUntil(
    () => stateOf(board, taskId) === state,
    `task ${taskId} never became ${state} (is ${stateOf(board, taskId)})`,
  );
  await rendered(board);
}

/** Text of a node with whitespace collapsed. */
export function text(node: Element | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Collects `quest-*` events fired by the board. */
export function recordEvents(board: QuestBoard): { type: string; detail: unknown }[] {
  const events: { type: string; detail: unknown }[] = [];
  for (const type of [
    'quest-verify',
    'quest-complete',
    'quest-unlock',
    'quest-claim',
    'quest-error',
    'quest-wallet-request',
  ]) {
    board.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail }));
  }
  return events;
}

/**
 * A host EIP-1193 provider (as a dApp's wagmi or ethers would hand the board) for one unlocked
 * account of a local node: accounts and chain from here, everything else sent to the node.
 */
export function nodeProvider(rpcUrl: string, address: `0x${string}`, chainId: number) {
  let id = 0;
  return {
    async request({ method, params }: { method: string; params?: unknown[] }): Promise<unknown> {
      if (method === 'eth_accounts' || method === 'eth_requestAccounts') return [address];
      if (method === 'eth_chainId') return `0x${chainId.toString(16)}`;
      const response = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: params ?? [] }),
      });
      const body = (await response.json()) as { result?: unknown; error?: { message: string } };
      if (body.error) throw new Error(body.error.message);
      return body.result;
    },
    on() {},
    removeListener() {},
  };
}

/** Waits for a condition (no fixed sleep); the timeout is the test's own. */
export async function until(check: () => unknown, what: string): Promise<void> {
  await waitUntil(check, `timed out waiting for ${what}`, { interval: 20, timeout: 60_000 });
}

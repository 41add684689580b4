// Type test (tsc, `npm run test:types`): the main entry alone types the tags, `provider` is an
// EIP-1193 provider, and the generated maps follow the manifest. Every `@ts-expect-error` line
// must fail to compile, or tsc reports it unused and the test fails.
import type {
  QuestBoard,
  QuestCompleteEvent,
  QuestElementEvents,
  QuestElementTagNameMap,
} from '@questboard/elements';

const board = document.createElement('quest-board');
board satisfies QuestBoard;
board.campaign = 'campaign.json';
board.provider = {
  request: async ({ method }) => (method === 'eth_chainId' ? '0x1' : null),
};
board.provider = null;
// @ts-expect-error a provider needs `request`
board.provider = { send: () => {} };
// @ts-expect-error not an EIP-1193 provider at all
board.provider = 'wagmi';
// @ts-expect-error `theme` is light, dark or auto
board.theme = 'neon';

document.querySelector('quest-wallet')?.provider satisfies
  | import('@questboard/wallet').EIP1193Provider
  | null
  | undefined;

board.addEventListener('quest-complete', (event) => {
  event.detail.totalPoints satisfies number;
  // @ts-expect-error quest-complete's detail has no tierId
  event.detail.tierId;
});

type BoardEvents = QuestElementEvents['quest-board'];
const complete: BoardEvents['quest-complete'] = new CustomEvent('quest-complete', {
  detail: { taskId: 't', points: 1, totalPoints: 1 },
}) satisfies QuestCompleteEvent;
void complete;
// @ts-expect-error the board fires no quest-connect (that is <quest-wallet>)
type NoConnect = BoardEvents['quest-connect'];

const tags: (keyof QuestElementTagNameMap)[] = [
  'quest-board',
  'quest-wallet',
  'quest-passport',
  'quest-tier',
  'quest-task',
  'quest-reward',
  'quest-progress',
];
// @ts-expect-error no such element
tags.push('quest-bored');

export type { NoConnect };

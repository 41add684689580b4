import '../../test/setup.js';
import { expect } from '@open-wc/testing';
import { QuestBoard } from '../quest-board/quest-board.component.js';
import { VERSION } from './version.js';

/** Runs `fn` and returns what it printed with console.warn. */
async function warnings(fn: () => unknown): Promise<string[]> {
  const seen: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => seen.push(args.join(' '));
  try {
    await fn();
  } finally {
    console.warn = warn;
  }
  return seen;
}

describe('element registration', () => {
  it('is accessible once registered', async () => {
    await import('../define.js');
    const el = document.createElement('quest-board');
    document.body.append(el);
    await el.updateComplete;
    try {
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });

  it('registers every tag, and importing the define module again changes nothing', async () => {
    const printed = await warnings(async () => {
      await import('../define.js');
      // A second evaluation of the define module (as a second bundle would do).
      const again = '../define.ts?second-copy';
      await import(/* @vite-ignore */ again);
    });
    expect(printed).to.deep.equal([]);
    for (const tag of ['quest-board', 'quest-tier', 'quest-task', 'quest-reward', 'quest-progress'])
      expect(customElements.get(tag), tag).to.exist;
    expect(customElements.get('quest-board')).to.equal(QuestBoard);
    expect(QuestBoard.version).to.equal(VERSION);
  });

  it('a second copy of the elements warns once and never throws', async () => {
    const { defineElement } = await import('./define.js');
    // A second copy of the component module: another class for the same tag, same version.
    const copy = '../quest-board/quest-board.component.ts?another-copy';
    const { QuestBoard: Copy } = (await import(/* @vite-ignore */ copy)) as {
      QuestBoard: typeof QuestBoard;
    };
    expect(Copy).to.not.equal(QuestBoard);
    const printed = await warnings(() => {
      defineElement('quest-board', Copy);
      defineElement('quest-board', Copy);
    });
    expect(printed).to.have.length(1);
    expect(printed[0]).to.contain('<quest-board> is already defined');
    expect(printed[0]).to.contain(VERSION);
    expect(customElements.get('quest-board')).to.equal(QuestBoard);
  });

  it('names both versions when another version holds the tag', async () => {
    const { defineElement } = await import('./define.js');
    class Older extends HTMLElement {
      static version = '0.0.1';
    }
    class Newer extends HTMLElement {
      static version = '9.9.9';
    }
    const printed = await warnings(() => {
      defineElement('quest-version-probe', Older);
      defineElement('quest-version-probe', Older);
      defineElement('quest-version-probe', Newer);
      defineElement('quest-version-probe', Newer);
    });
    expect(printed).to.have.length(1);
    expect(printed[0]).to.contain('0.0.1');
    expect(printed[0]).to.contain('9.9.9');
    expect(customElements.get('quest-version-probe')).to.equal(Older);
  });
});

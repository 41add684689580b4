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

  it('a second copy of the same version registers nothing and stays silent', async () => {
    const { defineElement } = await import('./define.js');
    // A second copy of the component module (as a second bundle of the app carries): another
    // class for the same tag, same version.
    const copy = '../quest-board/quest-board.component.ts?another-copy';
    const { QuestBoard: Copy } = (await import(/* @vite-ignore */ copy)) as {
      QuestBoard: typeof QuestBoard;
    };
    expect(Copy).to.not.equal(QuestBoard);
    expect(Copy.version).to.equal(VERSION);
    const printed = await warnings(() => {
      defineElement('quest-board', Copy);
      defineElement('quest-board', Copy);
    });
    expect(printed).to.deep.equal([]);
    expect(customElements.get('quest-board')).to.equal(QuestBoard);
  });

  it('two different versions warn once, naming both, across tags and module copies', async () => {
    const { defineElement } = await import('./define.js');
    // Another copy of the define module (another bundle): the warning is still printed once.
    const other = '../internal/define.ts?another-bundle';
    const { defineElement: defineFromOtherBundle } = (await import(/* @vite-ignore */ other)) as {
      defineElement: typeof defineElement;
    };
    expect(defineFromOtherBundle).to.not.equal(defineElement);
    const make = (version: string) =>
      class extends HTMLElement {
        static version = version;
      };
    const [olderA, olderB, newerA, newerB] = [
      make('0.0.1'),
      make('0.0.1'),
      make('9.9.9'),
      make('9.9.9'),
    ];
    const printed = await warnings(() => {
      defineElement('quest-version-probe-a', olderA);
      defineElement('quest-version-probe-b', olderB);
      defineElement('quest-version-probe-a', newerA);
      defineElement('quest-version-probe-b', newerB);
      defineFromOtherBundle('quest-version-probe-a', newerB);
    });
    expect(printed).to.have.length(1);
    expect(printed[0]).to.contain('0.0.1');
    expect(printed[0]).to.contain('9.9.9');
    expect(printed[0]).to.contain('<quest-version-probe-a>');
    expect(customElements.get('quest-version-probe-a')).to.equal(olderA);
    expect(customElements.get('quest-version-probe-b')).to.equal(olderB);
  });
});

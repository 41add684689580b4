import '../../test/setup.js';
import './quest-board.js';
import { expect, fixture, html } from '@open-wc/testing';
import { part, SAMPLE_URL, settled, text, tiers } from '../../test/helpers.js';
import type { QuestBoard } from './quest-board.component.js';

describe('<quest-board>', () => {
  it('is accessible with the sample campaign loaded', async () => {
    const board = await fixture<QuestBoard>(
      html`<quest-board campaign=${SAMPLE_URL}></quest-board>`,
    );
    await settled(board);
    expect(tiers(board)).to.have.length(3);
    await expect(board).to.be.accessible();
  });

  it('loads a campaign from a URL and renders its header', async () => {
    const board = await fixture<QuestBoard>(
      html`<quest-board campaign=${SAMPLE_URL}></quest-board>`,
    );
    await settled(board);
    expect(text(part(board, 'title'))).to.equal('Questboard 101');
    expect(text(part(board, 'points'))).to.equal('0 points');
    expect(text(part(board, 'level'))).to.equal('Level: Newcomer');
  });
});

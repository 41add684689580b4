import '../../test/setup.js';
import './quest-progress.js';
import { expect, fixture, html } from '@open-wc/testing';
import { part, text } from '../../test/helpers.js';
import type { QuestProgress } from './quest-progress.component.js';

describe('<quest-progress>', () => {
  it('is accessible', async () => {
    const el = await fixture<QuestProgress>(
      html`<quest-progress .value=${3} .max=${8}></quest-progress>`,
    );
    await expect(el).to.be.accessible();
  });

  it('shows a labelled bar and an "n of m" text', async () => {
    const el = await fixture<QuestProgress>(
      html`<quest-progress .value=${3} .max=${8}></quest-progress>`,
    );
    const bar = part<HTMLProgressElement>(el, 'progress-bar')!;
    expect(bar.value).to.equal(3);
    expect(bar.max).to.equal(8);
    expect(text(part(el, 'progress-label'))).to.equal('Campaign progress');
    expect(text(part(el, 'progress-text'))).to.equal('3 of 8 tasks done');
    el.value = 1;
    el.max = 1;
    el.label = 'Your climb';
    await el.updateComplete;
    expect(text(part(el, 'progress-text'))).to.equal('1 of 1 task done');
    expect(text(part(el, 'progress-label'))).to.equal('Your climb');
  });

  it('clamps out-of-range values and formats numbers per locale', async () => {
    const el = await fixture<QuestProgress>(
      html`<quest-progress .value=${1500} .max=${1200} locale="es"></quest-progress>`,
    );
    expect(part<HTMLProgressElement>(el, 'progress-bar')!.value).to.equal(1200);
    expect(text(part(el, 'progress-text'))).to.equal('1200 de 1200 tareas completadas');
    const empty = await fixture<QuestProgress>(html`<quest-progress></quest-progress>`);
    expect(text(part(empty, 'progress-text'))).to.equal('0 of 0 tasks done');
  });
});

import '../../test/setup.js';
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { atom } from 'nanostores';
import { defineElement } from './define.js';
import { StoreController } from './store-controller.js';

const $count = atom(0);

class StoreProbe extends LitElement {
  readonly count = new StoreController(this, $count);
  renders = 0;

  override render() {
    this.renders++;
    return html`<output aria-label="count">${this.count.value}</output>`;
  }
}
defineElement('quest-store-probe', StoreProbe);

describe('StoreController', () => {
  it('is accessible in a host element', async () => {
    const el = await fixture<StoreProbe>(html`<quest-store-probe></quest-store-probe>`);
    await expect(el).to.be.accessible();
  });

  it('re-renders on change while connected, and unsubscribes when disconnected', async () => {
    $count.set(1);
    const el = await fixture<StoreProbe>(html`<quest-store-probe></quest-store-probe>`);
    expect(el.shadowRoot!.textContent).to.equal('1');
    expect($count.lc).to.equal(1);
    $count.set(2);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('2');
    el.remove();
    expect($count.lc).to.equal(0);
    const renders = el.renders;
    $count.set(3);
    await el.updateComplete;
    expect(el.renders).to.equal(renders);
    document.body.append(el);
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.equal('3');
    expect($count.lc).to.equal(1);
    el.remove();
  });
});

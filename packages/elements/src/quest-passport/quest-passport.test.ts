import '../../test/setup.js';
import './quest-passport.js';
import { expect, fixture, html } from '@open-wc/testing';
import {
  type Credential,
  memoryBackend,
  type QuestBackend,
  signCredential,
} from '@questboard/core';
import { TEST_KEYS } from '@questboard/wallet/testing';
import { privateKeyToAccount } from 'viem/accounts';
import { QuestPassport } from './quest-passport.component.js';

const issuer = privateKeyToAccount(TEST_KEYS[0]!);
const stranger = privateKeyToAccount(TEST_KEYS[2]!);
const holder = privateKeyToAccount(TEST_KEYS[1]!).address;

/** A real memory backend whose credentials are real EIP-712 signed credentials. */
function backendWith(credentials: () => Promise<Credential[]>): QuestBackend {
  return { ...memoryBackend({ storage: null }), credentials: () => credentials() };
}

const parts = (el: QuestPassport, name: string) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];
const text = (node: Element | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
async function until(el: QuestPassport, check: () => boolean, what: string) {
  for (let i = 0; i < 300; i++) {
    await el.updateComplete;
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('<quest-passport>', () => {
  it('is accessible and asks for an address first', async () => {
    const el = await fixture<QuestPassport>(html`<quest-passport></quest-passport>`);
    await expect(el).to.be.accessible();
    expect(text(parts(el, 'empty')[0])).to.match(/Connect a wallet or set an address/);
    expect(customElements.get('quest-passport')).to.equal(QuestPassport);
  });

  it('shows each credential with whether its signature and issuer check out, and why one does not', async () => {
    const time = Math.floor(Date.parse('2026-11-01T12:00:00Z') / 1000);
    const good = await signCredential({
      signer: issuer,
      recipient: holder,
      campaignId: 'demo',
      taskId: 'swap',
      time,
    });
    const other = await signCredential({
      signer: stranger,
      recipient: holder,
      campaignId: 'demo',
      taskId: 'mint',
      time,
    });
    const tampered = {
      ...(await signCredential({
        signer: issuer,
        recipient: holder,
        campaignId: 'demo',
        taskId: 'faucet',
        time,
      })),
    };
    tampered.taskId = 'everything';
    const el = await fixture<QuestPassport>(
      html`<quest-passport
        .backend=${backendWith(async () => [good, other, tampered])}
        address=${holder}
        issuers=${issuer.address}
      ></quest-passport>`,
    );
    await until(
      el,
      () => parts(el, 'credential').length === 3 && !parts(el, 'checking').length,
      'the checks',
    );
    await expect(el).to.be.accessible();
    const [first, second, third] = parts(el, 'credential');
    expect(first!.getAttribute('part')).to.include('valid');
    expect(text(first)).to.include('Task “swap” of campaign “demo”');
    expect(text(first)).to.include('Signature valid · trusted issuer');
    expect(second!.getAttribute('part')).to.include('invalid');
    expect(text(second)).to.match(/Does not check out: .*issuer/i);
    expect(third!.getAttribute('part')).to.include('invalid');
    expect(text(third)).to.match(/Does not check out/);
  });

  it('says when the address holds none, and reports a failing source', async () => {
    const el = await fixture<QuestPassport>(
      html`<quest-passport .backend=${backendWith(async () => [])} address=${holder} locale="es"></quest-passport>`,
    );
    await until(el, () => parts(el, 'empty').length === 1, 'the empty state');
    expect(text(parts(el, 'empty')[0])).to.equal('Todavía no hay credenciales.');
    const errors: CustomEvent[] = [];
    el.addEventListener('quest-error', (e) => errors.push(e as CustomEvent));
    el.backend = backendWith(async () => {
      throw new Error('server down');
    });
    await until(el, () => parts(el, 'error').length === 1, 'the error');
    expect(errors).to.have.length(1);
    await expect(el).to.be.accessible();
  });
});

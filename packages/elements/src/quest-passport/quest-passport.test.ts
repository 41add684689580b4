import '../../test/setup.js';
import './quest-passport.js';
import '../quest-board/quest-board.js';
import { expect, fixture, html } from '@open-wc/testing';
import {
  type Campaign,
  type Credential,
  memoryBackend,
  type QuestBackend,
  type RevocationSource,
  signCredential,
} from '@questboard/core';
import { TEST_KEYS } from '@questboard/wallet/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { privateKeyToAccount } from 'viem/accounts';
import { sampleCampaign } from '../../test/helpers.js';
import { QuestPassport } from './quest-passport.component.js';

const issuer = privateKeyToAccount(TEST_KEYS[0]!);
const stranger = privateKeyToAccount(TEST_KEYS[2]!);
const holder = privateKeyToAccount(TEST_KEYS[1]!).address;
const time = Math.floor(Date.parse('2026-11-01T12:00:00Z') / 1000);
const local = { chainId: 31337, verifyingContract: issuer.address, version: '1.3.0' };

const sign = (taskId: string, o: Partial<Parameters<typeof signCredential>[0]> = {}) =>
  signCredential({ signer: issuer, recipient: holder, campaignId: 'demo', taskId, time, ...o });

/** A real memory backend whose credentials are real EIP-712 signed credentials. */
function backendWith(
  credentials: () => Promise<Credential[]>,
  campaigns: Record<string, Campaign> = {},
): QuestBackend {
  const base = memoryBackend({ storage: null });
  return {
    ...base,
    credentials: () => credentials(),
    loadCampaign: async (ref) => {
      const found = typeof ref === 'string' ? campaigns[ref] : ref;
      if (!found) throw new Error(`no campaign ${String(ref)}`);
      return base.loadCampaign(found);
    },
  };
}

const parts = (el: QuestPassport, name: string) => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`),
];
const text = (node: Element | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
async function until(el: QuestPassport, check: () => boolean, what: string) {
  for (let i = 0; i < 1000; i++) {
    await el.updateComplete;
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const checked = (el: QuestPassport, n: number) => () =>
  parts(el, 'credential').length === n && !parts(el, 'checking').length;

describe('<quest-passport>', () => {
  it('is accessible and asks for an address first', async () => {
    const el = await fixture<QuestPassport>(html`<quest-passport></quest-passport>`);
    await expect(el).to.be.accessible();
    expect(text(parts(el, 'empty')[0])).to.match(/Connect a wallet or set an address/);
    expect(customElements.get('quest-passport')).to.equal(QuestPassport);
  });

  it('shows each credential with whether its signature and issuer check out, and why one does not', async () => {
    const good = await sign('swap');
    const other = await sign('mint', { signer: stranger });
    const tampered = { ...(await sign('faucet')), taskId: 'everything' };
    const el = await fixture<QuestPassport>(
      html`<quest-passport
        .backend=${backendWith(async () => [good, other, tampered])}
        address=${holder}
        issuers=${issuer.address}
      ></quest-passport>`,
    );
    await until(el, checked(el, 3), 'the checks');
    await expect(el).to.be.accessible();
    const [first, second, third] = parts(el, 'credential');
    expect(first!.getAttribute('part')).to.equal('credential valid');
    expect(text(first)).to.include('Signature valid · trusted issuer');
    expect(second!.getAttribute('part')).to.equal('credential invalid');
    expect(text(second)).to.match(/Does not check out: .*issuer/i);
    expect(third!.getAttribute('part')).to.equal('credential invalid');
    expect(text(third)).to.match(
      /Does not check out: taskId is "everything" but the signed message says "faucet"/,
    );
  });

  it('shows a revoked credential as revoked, with the date, and one it cannot check as unchecked', async () => {
    const [kept, revoked] = await Promise.all([sign('swap'), sign('mint')]);
    const revokedAt = Math.floor(Date.parse('2026-11-05T09:00:00Z') / 1000);
    const asked: string[] = [];
    const revocation: RevocationSource = async ({ uid, issuer: who }) => {
      asked.push(`${who}:${uid}`);
      return uid === revoked!.uid ? revokedAt : null;
    };
    const el = await fixture<QuestPassport>(
      html`<quest-passport
        .backend=${backendWith(async () => [kept!, revoked!])}
        .revocation=${revocation}
        address=${holder}
      ></quest-passport>`,
    );
    await until(el, checked(el, 2), 'the checks');
    await expect(el).to.be.accessible();
    const [first, second] = parts(el, 'credential');
    expect(first!.getAttribute('part')).to.equal('credential valid');
    expect(second!.getAttribute('part')).to.equal('credential revoked');
    expect(text(second!.querySelector('[part="credential-status"]')!)).to.equal(
      'Revoked by its issuer on Nov 5, 2026',
    );
    expect(getComputedStyle(second!.querySelector('.what')!).textDecorationLine).to.equal(
      'line-through',
    );
    expect(asked.sort()).to.deep.equal(
      [`${issuer.address}:${kept!.uid}`, `${issuer.address}:${revoked!.uid}`].sort(),
    );

    el.revocation = async () => {
      throw new Error('list unreachable');
    };
    await until(el, () => parts(el, 'unchecked').length === 2, 'the unchecked state');
    expect(text(parts(el, 'credential-status')[0])).to.match(
      /Signature valid · revocation not checked \(.*list unreachable\)/,
    );
    await expect(el).to.be.accessible();
  });

  it('links each credential to the EAS explorer of its chain, where there is one (https, new tab)', async () => {
    const mainnet = await sign('swap');
    const anvil = await sign('mint', { domain: local });
    const el = await fixture<QuestPassport>(
      html`<quest-passport .backend=${backendWith(async () => [mainnet, anvil])} address=${holder}></quest-passport>`,
    );
    await until(el, checked(el, 2), 'the checks');
    const links = parts(el, 'credential-link') as HTMLAnchorElement[];
    expect(links).to.have.length(1, 'none for a local chain');
    const link = links[0]!;
    expect(link.closest('li')).to.equal(parts(el, 'credential')[0]);
    expect(link.href).to.match(/^https:\/\/easscan\.org\/offchain\/url\/#attestation=/);
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(text(link)).to.equal('View on the EAS explorer (opens in a new tab)');
    // The link carries the attestation itself, compacted as the EAS SDK does.
    const encoded = decodeURIComponent(link.href.split('#attestation=')[1]!);
    const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
    const json = await new Response(
      new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate')),
    ).text();
    const compact = JSON.parse(json) as unknown[];
    expect(compact[6]).to.equal(issuer.address);
    expect(compact[7]).to.equal(mainnet.uid);
    await expect(el).to.be.accessible();

    el.explorers = { 31337: 'https://explorer.local.example' };
    await until(
      el,
      () =>
        parts(el, 'credential-link').length === 1 &&
        (parts(el, 'credential-link')[0] as HTMLAnchorElement).href.startsWith(
          'https://explorer.local.example/',
        ),
      'the custom explorer',
    );
    el.explorers = { 1: 'http://easscan.example', 31337: 'javascript:alert(1)' };
    await until(
      el,
      () => checked(el, 2)() && parts(el, 'credential-link').length === 0,
      'no unsafe link',
    );
  });

  it('shows task and campaign titles when the campaign loads, ids when it does not', async () => {
    const sample = await sampleCampaign();
    const intro = await sign('read-intro', { campaignId: sample.id });
    const elsewhere = await sign('bridge', { campaignId: 'gone' });
    const el = await fixture<QuestPassport>(
      html`<quest-passport
        .backend=${backendWith(async () => [intro, elsewhere], { [sample.id]: sample })}
        address=${holder}
      ></quest-passport>`,
    );
    await until(
      el,
      () => text(parts(el, 'credential-title')[0]).includes('introduction'),
      'titles',
    );
    expect(text(parts(el, 'credential-title')[0])).to.equal(
      'Task “Read the introduction” of campaign “Questboard 101”',
    );
    expect(text(parts(el, 'credential-title')[1])).to.equal('Task “bridge” of campaign “gone”');

    // Campaigns the page already has are used as they are, without loading.
    const loads: unknown[] = [];
    const backend = backendWith(async () => [intro]);
    const given = await fixture<QuestPassport>(
      html`<quest-passport
        .backend=${{
          ...backend,
          loadCampaign: (ref: string) => {
            loads.push(ref);
            return backend.loadCampaign(ref);
          },
        }}
        .campaigns=${[{ ...sample, title: 'The 101 course' }]}
        address=${holder}
      ></quest-passport>`,
    );
    await until(
      given,
      () => text(parts(given, 'credential-title')[0]).includes('101 course'),
      'given',
    );
    expect(text(parts(given, 'credential-title')[0])).to.equal(
      'Task “Read the introduction” of campaign “The 101 course”',
    );
    expect(loads).to.deep.equal([]);
  });

  describe('theme', () => {
    const background = (el: QuestPassport) =>
      getComputedStyle(parts(el, 'base')[0]!).backgroundColor;
    const WHITE = 'rgb(255, 255, 255)';
    const DARK = 'rgb(13, 17, 23)';
    afterEach(() => emulateMedia({ colorScheme: 'light' }));

    it('theme="dark", and on its own "auto" following prefers-color-scheme', async () => {
      const el = await fixture<QuestPassport>(
        html`<quest-passport .backend=${backendWith(async () => [])} address=${holder}></quest-passport>`,
      );
      await until(el, () => parts(el, 'empty').length === 1, 'the empty state');
      expect(background(el)).to.equal(WHITE);
      await emulateMedia({ colorScheme: 'dark' });
      expect(background(el)).to.equal(DARK, 'auto by default');
      await expect(el).to.be.accessible();
      el.theme = 'light';
      await el.updateComplete;
      expect(el.getAttribute('theme')).to.equal('light');
      expect(background(el)).to.equal(WHITE);
      await emulateMedia({ colorScheme: 'light' });
      el.setAttribute('theme', 'dark');
      await el.updateComplete;
      expect(background(el)).to.equal(DARK);
      expect(getComputedStyle(parts(el, 'empty')[0]!).color).to.equal('rgb(157, 167, 179)');
      await expect(el).to.be.accessible();
    });

    it("inside a board it follows the board's theme, not the system's", async () => {
      // A board that renders a passport in its shadow tree (or slots one) passes its tokens on.
      const board = await fixture<
        HTMLElement & { theme: string; updateComplete: Promise<boolean> }
      >(html`<quest-board theme="light"></quest-board>`);
      await board.updateComplete;
      const el = document.createElement('quest-passport') as QuestPassport;
      el.backend = backendWith(async () => []);
      el.address = holder;
      board.shadowRoot!.append(el);
      await until(el, () => parts(el, 'empty').length === 1, 'the empty state');
      await emulateMedia({ colorScheme: 'dark' });
      expect(background(el)).to.equal(WHITE, 'the board is light');
      board.theme = 'dark';
      await board.updateComplete;
      expect(background(el)).to.equal(DARK, 'the board turned dark');
      board.theme = 'auto';
      await board.updateComplete;
      expect(background(el)).to.equal(DARK);
      await emulateMedia({ colorScheme: 'light' });
      expect(background(el)).to.equal(WHITE);
      // Its own theme still wins.
      el.theme = 'dark';
      await el.updateComplete;
      expect(background(el)).to.equal(DARK);
    });
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

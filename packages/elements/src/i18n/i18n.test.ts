import '../../test/setup.js';
import { expect } from '@open-wc/testing';
import { QuestError } from '@questboard/core';
import { claimMessages } from './en.claim.js';
import { failureMessages } from './en.failure.js';
import { insightsMessages } from './en.insights.js';
import { inviteMessages } from './en.invite.js';
import { en } from './en.js';
import { leaderboardMessages } from './en.leaderboard.js';
import { momentMessages } from './en.moments.js';
import { passportMessages } from './en.passport.js';
import { scheduleMessages } from './en.schedule.js';
import { walletMessages } from './en.wallet.js';
import { es } from './es.js';
import { formatMessage, loadLocale, registerLocale, resolveLocale, translator } from './index.js';

const NO_NOUN = new Set(['tier.progress']);

/** Every English message: the eager catalog and the lazy elements' (./en.*.ts). */
const english = {
  ...en,
  messages: {
    ...en.messages,
    ...passportMessages,
    ...leaderboardMessages,
    ...inviteMessages,
    ...walletMessages,
    ...claimMessages,
    ...failureMessages,
    ...scheduleMessages,
    ...momentMessages,
    ...insightsMessages,
  },
};

describe('i18n', () => {
  it('has every English message in Spanish, with the same parameters', () => {
    expect(Object.keys(es.messages).sort()).to.deep.equal(Object.keys(english.messages).sort());
    for (const [id, message] of Object.entries(es.messages)) {
      const inEnglish = english.messages[id as keyof typeof english.messages];
      const params = (m: unknown) =>
        JSON.stringify(m)
          .match(/\{\w+\}/g)
          ?.filter((p, i, all) => all.indexOf(p) === i)
          .sort() ?? [];
      expect(params(message), id).to.deep.equal(params(inEnglish));
    }
  });

  it('words every count through Intl.PluralRules, in every catalog', () => {
    for (const [locale, catalog] of [
      ['en', english],
      ['es', es],
    ] as const) {
      const rules = new Intl.PluralRules(locale);
      const categories = new Set(rules.resolvedOptions().pluralCategories);
      for (const [id, message] of Object.entries(catalog.messages)) {
        // `{n}` counts a noun that changes with it, except where no noun follows ("2 of 5 done").
        if (!JSON.stringify(message).includes('{n}') || NO_NOUN.has(id)) continue;
        expect(typeof message, `${locale} ${id} is a plural message`).to.equal('object');
        // Every category the locale has for small counts is written out (or falls to `other`).
        for (const key of Object.keys(message as object))
          expect(categories.has(key as Intl.LDMLPluralRule), `${locale} ${id}.${key}`).to.equal(
            true,
          );
        expect((message as { one?: string }).one, `${locale} ${id}.one`).to.be.a('string');
      }
    }
  });

  it('describes failed rule checks in the campaign’s words and units', async () => {
    const { describeFailure } = await import('./describe.js');
    await loadLocale('es');
    const campaign = {
      schemaVersion: 1 as const,
      id: 'words',
      title: 'Words',
      chains: {
        '31337': {
          name: 'Local anvil',
          rpcUrls: ['http://127.0.0.1:9'],
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        },
      },
      tiers: [],
    };
    const balance = {
      id: 'hold',
      kind: 'onchain' as const,
      title: 'Hold',
      points: 1,
      rule: {
        type: 'onchain.balance' as const,
        chainId: 31337,
        token: '0x0000000000000000000000000000000000000001',
        min: '100',
        symbol: 'Test USD',
      },
    };
    const en1 = translator('en');
    expect(describeFailure(en1, campaign, balance, { code: 'VERIFY_FAILED' })).to.equal(
      'You need at least 100 Test USD on Local anvil',
    );
    expect(
      describeFailure(en1, campaign, balance, { code: 'VERIFY_FAILED', current: 0, target: 100 }),
    ).to.equal('You hold 0 of 100 Test USD');
    const native = {
      ...balance,
      rule: { type: 'onchain.balance' as const, chainId: 31337, min: '1.5' },
    };
    expect(describeFailure(en1, campaign, native, { code: 'VERIFY_FAILED' })).to.equal(
      'You need at least 1.5 ETH on Local anvil',
    );
    const txs = {
      ...balance,
      rule: { type: 'onchain.txCount' as const, chainId: 31337, min: 1 },
    };
    expect(describeFailure(en1, campaign, txs, { code: 'VERIFY_FAILED' })).to.equal(
      'Send at least 1 transaction from this wallet on Local anvil',
    );
    expect(
      describeFailure(
        translator('es'),
        campaign,
        { ...txs, rule: { ...txs.rule, min: 3 } },
        {
          code: 'VERIFY_FAILED',
        },
      ),
    ).to.equal('Envía al menos 3 transacciones desde esta billetera en Local anvil');
    // Nothing better to say than the backend's reason: left to it.
    expect(describeFailure(en1, campaign, txs, { code: 'WRONG_ANSWER' })).to.equal(null);
  });

  it('formats parameters, plurals and numbers per locale', () => {
    expect(formatMessage('en', { one: '{n} point', other: '{n} points' }, { n: 1 })).to.equal(
      '1 point',
    );
    expect(formatMessage('en', { one: '{n} point', other: '{n} points' }, { n: 1500 })).to.equal(
      '1,500 points',
    );
    expect(formatMessage('es', { one: '{n} punto', other: '{n} puntos' }, { n: 0 })).to.equal(
      '0 puntos',
    );
    expect(formatMessage('de', 'Hallo {name}, {missing}', { name: 'Ada' })).to.equal(
      'Hallo Ada, {missing}',
    );
    expect(translator('es').number(1234567.5)).to.equal('1.234.567,5');
  });

  it('words numbers, counts and lists exactly as Intl does (the built-in catalogs skip it)', () => {
    const values = [0, -0, 1, -1, 2, 5, 21, 999, 1000, 1001, 1234, 9999, 10_000, 12_345, 99_999];
    values.push(100_000, 999_999, 1_000_000, 2_000_000, 1_000_001, 1_234_567, 10 ** 9);
    values.push(-1234, -12_345, -1_000_000, 0.5, 1.5, 1234.5, 2 ** 53, Number.MAX_SAFE_INTEGER);
    const plural = {
      zero: 'zero',
      one: 'one',
      two: 'two',
      few: 'few',
      many: 'many',
      other: 'other',
    };
    for (const locale of ['en', 'es']) {
      const numbers = new Intl.NumberFormat(locale);
      const rules = new Intl.PluralRules(locale);
      for (const n of values) {
        expect(translator(locale).number(n), `${locale} ${n}`).to.equal(numbers.format(n));
        expect(formatMessage(locale, plural, { n }), `${locale} plural ${n}`).to.equal(
          rules.select(n),
        );
      }
      const lists = new Intl.ListFormat(locale, { type: 'conjunction' });
      for (const items of [[], ['“a”'], ['“a”', '“b”'], ['a', 'b', 'c'], ['a', 'b', 'c', 'd']])
        expect(translator(locale).list(items), `${locale} ${items}`).to.equal(lists.format(items));
    }
  });

  it('resolves the locale: asked for, then <html lang>, then the browser, then English', () => {
    expect(resolveLocale('es')).to.equal('es');
    expect(resolveLocale('ES-mx')).to.equal('es');
    expect(resolveLocale('fr')).to.equal('en');
    const lang = document.documentElement.lang;
    try {
      document.documentElement.lang = 'es-AR';
      expect(resolveLocale()).to.equal('es');
      document.documentElement.lang = '';
      expect(resolveLocale()).to.equal(resolveLocale(navigator.language));
    } finally {
      document.documentElement.lang = lang;
    }
  });

  it('loads a lazy catalog on first use, showing English until it arrives', async () => {
    await loadLocale('es');
    expect(translator('es').t('board.retry')).to.equal('Reintentar');
  });

  it('words errors by code, falling back to their own message', async () => {
    await loadLocale('es');
    const wallet = new QuestError('WALLET_REQUIRED', 'Connect a wallet.');
    expect(translator('es').error(wallet)).to.equal(
      'Conecta una billetera para completar esta tarea.',
    );
    const fetchFailed = new QuestError(
      'CAMPAIGN_FETCH_FAILED',
      'Could not load /x.json (HTTP 404).',
    );
    expect(translator('en').error(fetchFailed)).to.equal('Could not load /x.json (HTTP 404).');
    expect(translator('en').error({ code: 'SOMETHING_NEW', shortMessage: 'New thing.' })).to.equal(
      'New thing.',
    );
  });

  it('takes more locales', () => {
    registerLocale('pt', {
      ...english,
      messages: { ...english.messages, 'task.verify': 'Verificar (pt)' },
    });
    expect(translator('pt-BR').t('task.verify')).to.equal('Verificar (pt)');
  });
});

import '../../test/setup.js';
import { expect } from '@open-wc/testing';
import { QuestError } from '@questboard/core';
import { en } from './en.js';
import { es } from './es.js';
import { formatMessage, loadLocale, registerLocale, resolveLocale, translator } from './index.js';

describe('i18n', () => {
  it('has every English message in Spanish, with the same parameters', () => {
    expect(Object.keys(es.messages).sort()).to.deep.equal(Object.keys(en.messages).sort());
    for (const [id, message] of Object.entries(es.messages)) {
      const english = en.messages[id as keyof typeof en.messages];
      const params = (m: unknown) =>
        JSON.stringify(m)
          .match(/\{\w+\}/g)
          ?.filter((p, i, all) => all.indexOf(p) === i)
          .sort() ?? [];
      expect(params(message), id).to.deep.equal(params(english));
    }
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
      ...en,
      messages: { ...en.messages, 'task.verify': 'Verificar (pt)' },
    });
    expect(translator('pt-BR').t('task.verify')).to.equal('Verificar (pt)');
  });
});

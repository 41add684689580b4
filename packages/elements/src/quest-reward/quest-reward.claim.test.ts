import { expect } from '@open-wc/testing';
import { localizedTokenAmount } from './quest-reward.claim.js';

describe('localizedTokenAmount', () => {
  it('formats token amounts with decimals and symbol in the locale, exactly', () => {
    const acme = { symbol: 'ACME', decimals: 18 };
    expect(localizedTokenAmount('120000000000000000000', acme, 'en')).to.equal('120 ACME');
    expect(localizedTokenAmount(1_234_500_000_000_000_000_000n, acme, 'en')).to.equal(
      '1,234.5 ACME',
    );
    expect(localizedTokenAmount(1_234_500_000_000_000_000_000n, acme, 'es')).to.equal(
      '1234,5 ACME',
    );
    expect(localizedTokenAmount('1', acme, 'en')).to.equal('0.000000000000000001 ACME');
    // More than a float holds: every digit kept.
    expect(
      localizedTokenAmount('123456789012345678901234567', { symbol: 'T', decimals: 0 }, 'en'),
    ).to.equal('123,456,789,012,345,678,901,234,567 T');
    expect(localizedTokenAmount('5', { symbol: 'USDC', decimals: 6 }, 'en')).to.equal(
      '0.000005 USDC',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseAbiItem } from 'viem';
import type { Rule } from './types.js';
import { validateRule } from './validate.js';

const A = '0x1111111111111111111111111111111111111111';
const swap =
  'event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1)';

/** One valid example of every rule type (the same ones docs/rules.md shows). */
const valid: Rule[] = [
  { type: 'onchain.txCount', chainId: 1, min: 5 },
  { type: 'onchain.txCount', chainId: 1, min: 1, snapshotBlock: '19000000' },
  { type: 'onchain.balance', chainId: 8453, min: '0.01' },
  { type: 'onchain.balance', chainId: 1, token: A, min: '100.5', decimals: 6, symbol: 'USDC' },
  { type: 'onchain.nft', chainId: 1, standard: 'erc721', contract: A },
  { type: 'onchain.nft', chainId: 1, standard: 'erc721', contract: A, tokenId: '42' },
  { type: 'onchain.nft', chainId: 1, standard: 'erc1155', contract: A, tokenId: '7', min: 3 },
  {
    type: 'onchain.call',
    chainId: 1,
    contract: A,
    signature: 'function getVotes(address account) view returns (uint256)',
    args: ['$address'],
    predicate: { op: 'gte', value: '1000000000000000000' },
  },
  {
    type: 'onchain.call',
    chainId: 1,
    contract: A,
    signature:
      'function positions(address owner, uint256[] ids, (address a, uint8 b) cfg) external view returns (uint256 amount, bool active)',
    args: ['$address', ['1', 2], { a: A, b: 1 }],
    predicate: {
      all: [
        { path: 'active', op: 'eq', value: true },
        { path: 'amount', op: 'gt', value: 0 },
      ],
    },
  },
  {
    type: 'onchain.event',
    chainId: 1,
    contract: A,
    event: swap,
    args: { sender: '$address', recipient: null },
    where: { path: 'amount0', op: 'gte', value: '1000000' },
    min: 2,
    fromBlock: 100,
    toBlock: 200,
    since: '2026-01-01T00:00:00Z',
    until: 1798761600,
  },
  { type: 'http', url: 'https://api.example.org/quests/check?address=$address' },
  {
    type: 'http',
    url: 'https://api.example.org/check',
    method: 'POST',
    headers: { authorization: 'Bearer x' },
    body: { address: '$address' },
    predicate: { path: 'result.point', op: 'gte', value: 10 },
  },
  { type: 'http', url: 'https://api.example.org/points/$address', format: 'point', minPoints: 5 },
  {
    type: 'graphql',
    url: 'https://api.example.org/graphql',
    query: 'query($a: String!) { user(address: $a) { swaps } }',
    variables: { a: '$address' },
    predicate: { path: 'user.swaps', op: 'gte', value: 1 },
  },
  { type: 'credential', issuer: A, campaignId: 'season-1', taskId: 'bridge' },
  {
    type: 'all',
    rules: [
      { type: 'onchain.txCount', chainId: 1, min: 1 },
      { type: 'not', rule: { type: 'credential', issuer: A, campaignId: 'c' } },
      {
        type: 'atLeast',
        n: 2,
        rules: [
          { type: 'onchain.txCount', chainId: 1, min: 1 },
          { type: 'onchain.txCount', chainId: 10, min: 1 },
          { type: 'any', rules: [{ type: 'onchain.txCount', chainId: 8453, min: 1 }] },
        ],
      },
    ],
  },
];

function paths(rule: unknown): string[] {
  return validateRule(rule).map((i) => i.path);
}

describe('validateRule', () => {
  test('accepts a valid example of every rule type', () => {
    for (const rule of valid) assert.deepEqual(validateRule(rule), [], JSON.stringify(rule));
  });

  test('returns ALL issues, each with a JSON path', () => {
    const issues = validateRule(
      {
        type: 'all',
        rules: [
          { type: 'onchain.balance', chainId: 0, min: 1.5, token: '0x12' },
          { type: 'onchain.txCount', chainId: 1 },
          { type: 'http', url: 'ftp://x', method: 'PUT' },
        ],
      },
      'campaign.tiers[0].tasks[2].rule',
    );
    const p = 'campaign.tiers[0].tasks[2].rule';
    assert.deepEqual(
      issues.map((i) => i.path),
      [
        `${p}.rules[0].chainId`,
        `${p}.rules[0].token`,
        `${p}.rules[0].min`,
        `${p}.rules[1].min`,
        `${p}.rules[2].url`,
        `${p}.rules[2].method`,
      ],
    );
    assert.match(issues[2]!.message, /decimal string such as "1\.5"/);
    for (const i of issues) assert.ok(i.message.length > 10);
  });

  test('path-specific messages for nested predicates and conditions', () => {
    const issues = validateRule({
      type: 'any',
      rules: [
        { type: 'onchain.txCount', chainId: 1, min: 1 },
        {
          type: 'onchain.call',
          chainId: 1,
          contract: A,
          signature: 'function f(uint256 amount) view returns (bool)',
          args: ['-3'],
          predicate: {
            any: [
              { path: 'a..b', op: 'eq', value: 1 },
              { op: 'between', value: 2 },
            ],
          },
        },
      ],
    });
    assert.deepEqual(
      issues.map((i) => i.path),
      [
        'rule.rules[1].args[0]',
        'rule.rules[1].predicate.any[0].path',
        'rule.rules[1].predicate.any[1].op',
      ],
    );
    assert.match(issues[0]!.message, /whole number ≥ 0/);
    const range = validateRule({
      type: 'onchain.call',
      chainId: 1,
      contract: A,
      signature: 'function f(uint8 a, int8 b, int256 c) view returns (bool)',
      args: ['256', -129, '-1'],
      predicate: { op: 'eq', value: true },
    });
    assert.deepEqual(
      range.map((i) => [i.path, i.message]),
      [
        ['rule.args[0]', 'must be a whole number from 0 to 255 for type uint8 (got "256")'],
        [
          'rule.args[1]',
          'must be a whole number from -128 to 127 for type int8 (got the number -129)',
        ],
      ],
    );
  });

  test('unknown fields and types are named', () => {
    assert.deepEqual(paths({ type: 'onchain.txCount', chainId: 1, min: 1, minimum: 2 }), [
      'rule.minimum',
    ]);
    assert.deepEqual(paths({ type: 'onchain.swap' }), ['rule.type']);
    assert.deepEqual(paths(null), ['rule']);
    assert.deepEqual(paths([]), ['rule']);
  });

  test('on-chain specifics', () => {
    assert.deepEqual(paths({ type: 'onchain.balance', chainId: 1, min: '0' }), ['rule.min']);
    assert.deepEqual(paths({ type: 'onchain.balance', chainId: 1, min: '1.0000000000000000001' }), [
      'rule.min',
    ]);
    assert.deepEqual(
      paths({ type: 'onchain.balance', chainId: 1, token: A, decimals: 2, min: '1.001' }),
      ['rule.min'],
    );
    assert.deepEqual(paths({ type: 'onchain.balance', chainId: 1, decimals: 6, min: '1' }), [
      'rule.decimals',
    ]);
    // ERC-1155 without tokenId: any id (units summed from the transfer events).
    assert.deepEqual(
      paths({ type: 'onchain.nft', chainId: 1, standard: 'erc1155', contract: A }),
      [],
    );
    assert.deepEqual(
      paths({ type: 'onchain.nft', chainId: 1, standard: 'erc1155', contract: A, tokenId: 'x' }),
      ['rule.tokenId'],
    );
    assert.deepEqual(
      paths({
        type: 'onchain.nft',
        chainId: 1,
        standard: 'erc721',
        contract: A,
        tokenId: '1',
        min: 2,
      }),
      ['rule.min'],
    );
    assert.deepEqual(paths({ type: 'onchain.txCount', chainId: 1, min: 1, snapshotBlock: -1 }), [
      'rule.snapshotBlock',
    ]);
    assert.deepEqual(
      paths({
        type: 'onchain.call',
        chainId: 1,
        contract: A,
        signature: 'function f()',
        predicate: { op: 'exists' },
      }),
      ['rule.signature'],
    );
    // viem does not read `tuple(…)`: validation must not accept what evaluation cannot encode.
    const tupleIssues = validateRule({
      type: 'onchain.call',
      chainId: 1,
      contract: A,
      signature: 'function f(tuple(address a)[] x) view returns (bool)',
      args: [[]],
      predicate: { op: 'exists' },
    });
    assert.deepEqual(
      tupleIssues.map((i) => i.path),
      ['rule.signature'],
    );
    assert.match(tupleIssues[0]!.message, /\(type a, type b\)/);
  });

  test('event filters: only indexed parameters, valid addresses, ordered windows', () => {
    const base = { type: 'onchain.event', chainId: 1, contract: A, event: swap };
    assert.deepEqual(paths({ ...base, args: { amount0: '1' } }), ['rule.args.amount0']);
    assert.deepEqual(paths({ ...base, args: { nobody: '1' } }), ['rule.args.nobody']);
    assert.deepEqual(paths({ ...base, args: { sender: '0x1234' } }), ['rule.args.sender']);
    assert.deepEqual(paths({ ...base, args: { sender: `${A}00` } }), ['rule.args.sender']);
    assert.deepEqual(paths({ ...base, fromBlock: 10, toBlock: 5 }), ['rule.toBlock']);
    assert.deepEqual(paths({ ...base, since: '2026-02-01', until: '2026-01-01' }), ['rule.until']);
    assert.deepEqual(paths({ ...base, since: 'yesterday' }), ['rule.since']);
    // A date-time without a zone would mean different instants on different machines.
    assert.deepEqual(paths({ ...base, since: '2026-01-01T10:00' }), ['rule.since']);
    assert.deepEqual(paths({ ...base, since: '2026-01-01T10:00+02:00' }), []);
    assert.deepEqual(paths({ ...base, toBlock: 50, snapshotBlock: 40 }), ['rule.toBlock']);
    assert.deepEqual(paths({ ...base, event: 'event Swap(address indexed a) anonymous' }), [
      'rule.event',
    ]);
  });

  test('http: URL scheme, $address not in the host, predicate xor format', () => {
    assert.deepEqual(paths({ type: 'http', url: 'javascript:alert(1)' }), ['rule.url']);
    assert.deepEqual(paths({ type: 'http', url: 'https://$address.evil.example/x' }), ['rule.url']);
    assert.deepEqual(
      paths({
        type: 'http',
        url: 'https://a.example/x',
        format: 'isValid',
        predicate: { op: 'exists' },
      }),
      ['rule.format'],
    );
    assert.deepEqual(paths({ type: 'http', url: 'https://a.example/x', body: {} }), ['rule.body']);
    assert.deepEqual(
      paths({ type: 'http', url: 'https://a.example/x', headers: { 'x-a': 'b\r\nevil: 1' } }),
      ['rule.headers["x-a"]'],
    );
  });

  test('combinators: atLeast n within range, not requires a rule', () => {
    const tx = { type: 'onchain.txCount', chainId: 1, min: 1 };
    assert.deepEqual(paths({ type: 'atLeast', n: 3, rules: [tx, tx] }), ['rule.n']);
    assert.deepEqual(paths({ type: 'all', rules: [] }), ['rule.rules']);
    assert.deepEqual(paths({ type: 'not' }), ['rule.rule']);
  });

  test('bounded: rule depth and size, predicate depth and size, regex length and RE2 syntax', () => {
    let deep: unknown = { type: 'onchain.txCount', chainId: 1, min: 1 };
    for (let i = 0; i < 12; i++) deep = { type: 'not', rule: deep };
    assert.match(validateRule(deep)[0]!.message, /nested too deeply/);
    const wide = {
      type: 'all',
      rules: Array.from({ length: 150 }, () => ({ type: 'onchain.txCount', chainId: 1, min: 1 })),
    };
    assert.match(validateRule(wide)[0]!.message, /at most 100 rules/);
    let pred: unknown = { op: 'exists' };
    for (let i = 0; i < 12; i++) pred = { not: pred };
    assert.match(
      validateRule({ type: 'http', url: 'https://a.example', predicate: pred })[0]!.message,
      /nested too deeply/,
    );
    const many = { all: Array.from({ length: 80 }, () => ({ op: 'exists' })) };
    assert.match(
      validateRule({ type: 'http', url: 'https://a.example', predicate: many })[0]!.message,
      /at most 64 conditions/,
    );
    const re = (value: string) =>
      validateRule({ type: 'http', url: 'https://a.example', predicate: { op: 'matches', value } });
    assert.match(re('a'.repeat(201))[0]!.message, /too long/);
    // Nested repetition is fine on a linear-time engine; what RE2 cannot do is refused by name.
    assert.deepEqual(re('(a+)+$'), []);
    assert.deepEqual(re('(\\w*)*x'), []);
    assert.match(re('(a)\\1')[0]!.message, /backreference .*RE2/);
    assert.match(re('(?=a)a')[0]!.message, /lookahead .*RE2/);
    assert.equal(re('(?<!a)b')[0]!.path, 'rule.predicate.value');
    assert.match(re('[')[0]!.message, /not a valid regular expression/);
    assert.deepEqual(re('^0x[0-9a-f]{40}$'), []);
  });

  test('never throws, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withMap: true, withSet: true, withNullPrototype: true }),
        (input) => {
          const issues = validateRule(input);
          assert.ok(Array.isArray(issues));
        },
      ),
      { numRuns: 500 },
    );
    // Rule-shaped noise reaches deeper into the validator.
    const field = fc.oneof(
      fc.anything(),
      fc.constantFrom('$address', A, '1.5', 'erc721', 'latest', -1, 1, 0),
    );
    const ruleLike = fc.record(
      {
        type: fc.constantFrom(
          'onchain.txCount',
          'onchain.balance',
          'onchain.nft',
          'onchain.call',
          'onchain.event',
          'http',
          'graphql',
          'credential',
          'all',
          'any',
          'atLeast',
          'not',
        ),
        chainId: field,
        min: field,
        token: field,
        contract: field,
        signature: fc.oneof(field, fc.constant('function f(address a) view returns (uint256)')),
        event: fc.oneof(field, fc.constant(swap)),
        args: fc.oneof(field, fc.array(field), fc.dictionary(fc.string(), field)),
        predicate: fc.oneof(
          field,
          fc.record({
            path: field,
            op: fc.constantFrom('eq', 'gt', 'matches', 'in'),
            value: field,
          }),
        ),
        url: fc.oneof(field, fc.webUrl()),
        rules: fc.oneof(field, fc.array(field)),
        n: field,
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(ruleLike, (input) => {
        const issues = validateRule(input);
        for (const i of issues)
          assert.ok(
            typeof i.path === 'string' && i.path.startsWith('rule') && i.message.length > 0,
          );
      }),
      { numRuns: 1000 },
    );
  });

  test('a signature that validates is one viem can parse (property)', () => {
    const elementary = fc.oneof(
      {
        arbitrary: fc.constantFrom(
          'address',
          'bool',
          'string',
          'bytes',
          'bytes32',
          'bytes4',
          'uint256',
          'uint8',
          'int24',
          'uint',
          'int',
        ),
        weight: 8,
      },
      { arbitrary: fc.constantFrom('uint7', 'bytes33', 'addr'), weight: 1 },
    );
    const type = fc.letrec<{ t: string }>((tie) => ({
      t: fc.oneof(
        { depthSize: 'small' },
        elementary,
        fc.tuple(tie('t'), fc.constantFrom('[]', '[2]', '[][]')).map(([t, s]) => t + s),
        fc.array(tie('t'), { minLength: 1, maxLength: 3 }).map((ts) => `(${ts.join(', ')})`),
      ),
    })).t;
    const name = fc.oneof(
      { arbitrary: fc.constantFrom('', ' owner', ' memory data'), weight: 8 },
      { arbitrary: fc.constantFrom(' indexed x', ' 1bad'), weight: 1 },
    );
    const param = fc.tuple(type, name).map(([t, n]) => t + n);
    const list = (minLength: number) =>
      fc.array(param, { minLength, maxLength: 4 }).map((ps) => ps.join(', '));
    const signature = fc
      .tuple(list(0), fc.constantFrom(' view', ' external view', ' pure', '', ' payable'), list(1))
      .map(([ins, mod, outs]) => `function f(${ins})${mod} returns (${outs})`);
    let accepted = 0;
    fc.assert(
      fc.property(signature, (sig) => {
        const ok = validateRule({
          type: 'onchain.call',
          chainId: 1,
          contract: A,
          signature: sig,
          args: [],
          predicate: { op: 'exists' },
        }).every((i) => i.path !== 'rule.signature');
        if (!ok) return;
        accepted++;
        assert.doesNotThrow(() => parseAbiItem(sig), sig);
      }),
      { numRuns: 1000 },
    );
    assert.ok(accepted > 80, `only ${accepted} signatures accepted`);

    const events = fc.array(param, { maxLength: 4 }).map((ps) => `event E(${ps.join(', ')})`);
    let acceptedEvents = 0;
    fc.assert(
      fc.property(events, (sig) => {
        const ok =
          validateRule({ type: 'onchain.event', chainId: 1, contract: A, event: sig }).length === 0;
        if (!ok) return;
        acceptedEvents++;
        assert.doesNotThrow(() => parseAbiItem(sig), sig);
      }),
      { numRuns: 1000 },
    );
    assert.ok(acceptedEvents > 80, `only ${acceptedEvents} event signatures accepted`);
  });

  test('exotic objects do not escape as exceptions', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    assert.ok(validateRule(hostile).length > 0);
  });
});

describe('validateRule: http presets, status maps and substitutions', () => {
  const http = (extra: object) => ({
    type: 'http',
    url: 'https://a.example/?a=$address',
    ...extra,
  });
  const issues = (rule: unknown) => validateRule(rule).map((i) => `${i.path}: ${i.message}`);

  test('every preset is accepted; an unknown one lists them', () => {
    for (const preset of ['taskon', 'questn', 'soquest', 'zealy', 'galxe', 'intract', 'debank'])
      assert.deepEqual(issues(http({ preset })), [], preset);
    assert.match(
      issues(http({ preset: 'crew3' }))[0]!,
      /rule\.preset: must be one of taskon, .*debank/,
    );
  });

  test('a preset sets the method: a body is allowed where the preset POSTs', () => {
    assert.deepEqual(issues(http({ preset: 'zealy', body: { requestId: '$requestId' } })), []);
    assert.match(
      issues(http({ preset: 'taskon', body: {} }))[0]!,
      /rule\.body: is only sent with method "POST"/,
    );
  });

  test('preset and format conflict; Guild needs a predicate; minPoints only where points are read', () => {
    assert.match(
      issues(http({ preset: 'taskon', format: 'isValid' }))[0]!,
      /rule\.format: cannot be combined with preset/,
    );
    assert.match(
      issues(http({ preset: 'guild' }))[0]!,
      /rule\.predicate: is required with preset "guild"/,
    );
    assert.deepEqual(
      issues(http({ preset: 'guild', predicate: { path: 'ok', op: 'eq', value: true } })),
      [],
    );
    assert.deepEqual(issues(http({ preset: 'taskon', minPoints: 5 })), []);
    assert.match(
      issues(http({ preset: 'debank', minPoints: 5 }))[0]!,
      /rule\.minPoints: is only used/,
    );
  });

  test('status maps: codes or classes to pass, fail, error, body', () => {
    assert.deepEqual(
      issues(http({ statuses: { '404': 'fail', '5xx': 'error', '2xx': 'body' } })),
      [],
    );
    assert.match(
      issues(http({ statuses: { '4x': 'fail' } }))[0]!,
      /rule\.statuses\["4x"\]: is not a status/,
    );
    assert.match(
      issues(http({ statuses: { '404': 'retry' } }))[0]!,
      /must be one of pass, fail, error, body/,
    );
    assert.match(issues(http({ statuses: [] }))[0]!, /rule\.statuses: must be an object/);
  });

  test('substitutions may not stand in the host', () => {
    assert.deepEqual(
      issues({
        type: 'http',
        url: 'https://a.example/u/<ACCOUNT_ID>?r=$requestId&l=$address.lower',
      }),
      [],
    );
    for (const url of [
      'https://$requestId.a.example/',
      'https://<ACCOUNT_ID>.a.example/',
      'https://a$address.lower.example/',
    ])
      assert.match(issues({ type: 'http', url })[0]!, /may not appear in the host/, url);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compareDecimals, toDecimal } from './decimal.js';
import { parseJson } from './json.js';
import { parsePath } from './path.js';
import { evaluatePredicate, looseEquals } from './predicate.js';
import type { Predicate } from './types.js';
import { validateRule } from './validate.js';

const vars = { address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' };
const ok = (p: Predicate, doc: unknown) => evaluatePredicate(p, doc, vars).ok;

describe('predicates', () => {
  const doc = parseJson(
    '{"result":{"point":7,"big":123456789012345678901234567890,"ratio":"0.25","owner":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8","tags":["a","b"],"name":"Quest Hero","nil":null}}',
  );

  test('comparison operators, exact with big numbers and decimals', () => {
    assert.ok(ok({ path: 'result.point', op: 'eq', value: 7 }, doc));
    assert.ok(ok({ path: 'result.point', op: 'eq', value: '7' }, doc));
    assert.ok(ok({ path: 'result.point', op: 'ne', value: 8 }, doc));
    assert.ok(ok({ path: 'result.point', op: 'gte', value: 7 }, doc));
    assert.ok(!ok({ path: 'result.point', op: 'gt', value: 7 }, doc));
    assert.ok(ok({ path: 'result.point', op: 'lte', value: '7.0' }, doc));
    assert.ok(ok({ path: 'result.point', op: 'lt', value: '7.000000000000000000001' }, doc));
    assert.ok(ok({ path: 'result.big', op: 'eq', value: '123456789012345678901234567890' }, doc));
    assert.ok(!ok({ path: 'result.big', op: 'eq', value: '123456789012345678901234567891' }, doc));
    assert.ok(ok({ path: 'result.big', op: 'gt', value: '123456789012345678901234567889' }, doc));
    assert.ok(ok({ path: 'result.ratio', op: 'lt', value: 0.3 }, doc));
    assert.ok(!ok({ path: 'result.name', op: 'gt', value: 1 }, doc));
  });

  test('in, contains, exists, matches, and $address', () => {
    assert.ok(ok({ path: 'result.point', op: 'in', value: [1, 7, 9] }, doc));
    assert.ok(!ok({ path: 'result.point', op: 'in', value: [1, 9] }, doc));
    assert.ok(ok({ path: 'result.tags', op: 'contains', value: 'b' }, doc));
    assert.ok(ok({ path: 'result.name', op: 'contains', value: 'Hero' }, doc));
    assert.ok(ok({ path: 'result.point', op: 'exists' }, doc));
    assert.ok(!ok({ path: 'result.nil', op: 'exists' }, doc));
    assert.ok(ok({ path: 'result.nope', op: 'exists', value: false }, doc));
    assert.ok(ok({ path: 'result.name', op: 'matches', value: '^quest', flags: 'i' }, doc));
    // Addresses compare case-insensitively; "$address" is the wallet.
    assert.ok(ok({ path: 'result.owner', op: 'eq', value: '$address' }, doc));
    assert.ok(ok({ path: 'result.tags[0]', op: 'eq', value: 'a' }, doc));
    assert.ok(ok({ path: 'result.tags.1', op: 'eq', value: 'b' }, doc));
  });

  test('all, any, not, with reasons naming what was observed', () => {
    const r = evaluatePredicate(
      {
        all: [
          { path: 'result.point', op: 'gte', value: 5 },
          { path: 'result.point', op: 'gte', value: 10 },
        ],
      },
      doc,
      vars,
    );
    assert.deepEqual(r, { ok: false, reason: '`result.point` is 7, expected ≥ 10' });
    const any = evaluatePredicate(
      {
        any: [
          { path: 'x', op: 'exists' },
          { path: 'result.point', op: 'eq', value: 1 },
        ],
      },
      doc,
      vars,
    );
    assert.equal(any.ok, false);
    assert.match(
      any.reason,
      /none of the alternatives held: `x` is missing; `result.point` is 7, expected 1/,
    );
    const not = evaluatePredicate({ not: { path: 'result.point', op: 'gt', value: 1 } }, doc, vars);
    assert.deepEqual(not, { ok: false, reason: '`result.point` > 1 holds, expected it not to' });
  });

  test('regex input is bounded', () => {
    const long = { s: 'a'.repeat(5000) };
    const r = evaluatePredicate({ path: 's', op: 'matches', value: 'a' }, long, vars);
    assert.equal(r.ok, false);
    assert.match(r.reason, /too long to match/);
  });

  test('paths only reach own properties', () => {
    assert.ok(!ok({ path: 'constructor', op: 'exists' }, {}));
    assert.ok(!ok({ path: '__proto__', op: 'exists' }, {}));
    assert.ok(!ok({ path: 'length', op: 'exists' }, 'abc'));
  });
});

describe('evaluatePredicate (property)', () => {
  test('any predicate that validates evaluates without throwing, on any document', () => {
    const path = fc.oneof(
      fc.constantFrom('', 'a', 'a.b', 'a[0]', 'x.0.y', '$.a'),
      fc.string({ maxLength: 8 }),
    );
    const leaf = fc.oneof(
      fc.record({
        path,
        op: fc.constantFrom('eq', 'ne', 'contains'),
        value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant('$address')),
      }),
      fc.record({
        path,
        op: fc.constantFrom('gt', 'gte', 'lt', 'lte'),
        value: fc.oneof(
          fc.integer(),
          fc.constantFrom('1.5', '-3', '123456789012345678901234567890'),
        ),
      }),
      fc.record({
        path,
        op: fc.constant('in'),
        value: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }),
      }),
      fc.record(
        { path, op: fc.constant('exists'), value: fc.boolean() },
        { requiredKeys: ['path', 'op'] },
      ),
      fc.record(
        {
          path,
          op: fc.constant('matches'),
          value: fc.constantFrom('^a', '(x|y)+', 'a{2}', '\\d+$', '.'),
          flags: fc.constantFrom('i', 'ms', 'u'),
        },
        { requiredKeys: ['path', 'op', 'value'] },
      ),
    );
    const predicate = fc.letrec<{ p: unknown }>((tie) => ({
      p: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.record({ all: fc.array(tie('p'), { minLength: 1, maxLength: 3 }) }),
        fc.record({ any: fc.array(tie('p'), { minLength: 1, maxLength: 3 }) }),
        fc.record({ not: tie('p') }),
      ),
    })).p;
    const docs = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.anything({ withBigInt: true }));
    let checked = 0;
    fc.assert(
      fc.property(predicate, docs, (p, doc) => {
        const valid =
          validateRule({ type: 'http', url: 'https://a.example', predicate: p }).length === 0;
        if (!valid) return;
        checked++;
        const r = evaluatePredicate(p as Predicate, doc, vars);
        assert.equal(typeof r.ok, 'boolean');
        if (!r.ok) assert.ok(r.reason.length > 0);
      }),
      { numRuns: 1000 },
    );
    assert.ok(checked > 500, `only ${checked} valid predicates generated`);
  });
});

describe('parsePath', () => {
  test('dots and brackets', () => {
    assert.deepEqual(parsePath('a.b[2].c'), ['a', 'b', '2', 'c']);
    assert.deepEqual(parsePath('$.a'), ['a']);
    assert.deepEqual(parsePath(''), []);
    assert.equal(typeof parsePath('a..b'), 'string');
    assert.equal(typeof parsePath('a[x]'), 'string');
    assert.equal(typeof parsePath('a.'), 'string');
    assert.equal(typeof parsePath(Array.from({ length: 40 }, () => 'k').join('.')), 'string');
  });
});

describe('parseJson', () => {
  test('matches JSON.parse on ordinary JSON (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value);
        const parsed = parseJson(text);
        assert.deepEqual(
          JSON.parse(JSON.stringify(parsed, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))),
          JSON.parse(text),
        );
      }),
      { numRuns: 300 },
    );
  });

  test('keeps unsafe integers exact, refuses deep nesting and junk', () => {
    assert.equal(parseJson('12345678901234567890123'), 12345678901234567890123n);
    assert.equal(parseJson('9007199254740991'), 9007199254740991);
    assert.equal(parseJson('1.5e3'), 1500);
    assert.throws(() => parseJson('['.repeat(100) + ']'.repeat(100)), /nesting deeper than 64/);
    assert.throws(() => parseJson('{"a":1} x'));
    assert.throws(() => parseJson('<html>'));
    assert.throws(() => parseJson('"\u0001"'));
  });

  test('__proto__ keys are plain data, not prototypes', () => {
    const v = parseJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.deepEqual(Object.keys(v), ['__proto__']);
  });
});

describe('decimals', () => {
  test('compare exactly (property: agrees with bigint arithmetic)', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt(), fc.nat(30), (a, b, scale) => {
        const text = (n: bigint) => {
          const neg = n < 0n;
          const digits = (neg ? -n : n).toString().padStart(scale + 1, '0');
          const s = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
          return neg ? `-${s}` : s;
        };
        const c = compareDecimals(toDecimal(text(a))!, toDecimal(text(b))!);
        assert.equal(c, a < b ? -1 : a > b ? 1 : 0);
      }),
      { numRuns: 300 },
    );
    assert.ok(looseEquals(1e21, '1000000000000000000000'));
    assert.equal(toDecimal('abc'), undefined);
    assert.equal(toDecimal(Number.NaN), undefined);
  });
});

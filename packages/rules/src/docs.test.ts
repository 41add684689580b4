import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { validateRule } from './validate.js';

const doc = readFileSync(new URL('../../../docs/rules.md', import.meta.url), 'utf8');
const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);

test('docs/rules.md: every JSON example is valid', () => {
  assert.ok(blocks.length >= 12, `found ${blocks.length} JSON examples`);
  const types = new Set<string>();
  for (const text of blocks) {
    const value = JSON.parse(text) as unknown;
    if (Array.isArray(value)) {
      // A list of predicates.
      for (const predicate of value) {
        assert.deepEqual(
          validateRule({ type: 'http', url: 'https://a.example', predicate }),
          [],
          JSON.stringify(predicate),
        );
      }
      continue;
    }
    assert.deepEqual(validateRule(value), [], text);
    const walk = (r: { type: string; rules?: unknown[]; rule?: unknown }) => {
      types.add(r.type);
      for (const c of r.rules ?? []) walk(c as typeof r);
      if (r.rule) walk(r.rule as typeof r);
    };
    walk(value as { type: string });
  }
  const all = [
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
  ];
  assert.deepEqual(
    all.filter((t) => !types.has(t)),
    [],
    'every rule type has an example',
  );
});

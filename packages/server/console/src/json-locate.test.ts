import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonOffsets, lineOfParseError, lineOfPath, syntaxErrorOffset } from './json-locate.js';

const TEXT = `{
  "type": "all",
  "rules": [
    { "type": "campaign", "campaignId": "demo" },
    {
      "type": "points",
      "campaignId": "d\\"x",
      "min": -1
    }
  ]
}`;

describe('console JSON locations', () => {
  test('every path of the text maps to the line of its key or value', () => {
    JSON.parse(TEXT);
    assert.equal(lineOfPath(TEXT, ''), 1);
    assert.equal(lineOfPath(TEXT, 'type'), 2);
    assert.equal(lineOfPath(TEXT, 'rules'), 3);
    assert.equal(lineOfPath(TEXT, 'rules[0]'), 4);
    assert.equal(lineOfPath(TEXT, 'rules[0].campaignId'), 4);
    assert.equal(lineOfPath(TEXT, 'rules[1]'), 5);
    assert.equal(lineOfPath(TEXT, 'rules[1].campaignId'), 7);
    assert.equal(lineOfPath(TEXT, 'rules[1].min'), 8);
    assert.deepEqual(
      [...jsonOffsets('[1, [2, 3]]').keys()],
      ['', '[0]', '[1]', '[1][0]', '[1][1]'],
    );
  });

  test('a missing field shows at the nearest object that is there', () => {
    assert.equal(lineOfPath(TEXT, 'rules[1].max'), 5);
    assert.equal(lineOfPath(TEXT, 'rules[7].n'), 3);
    assert.equal(lineOfPath(TEXT, 'nothing.here'), 1);
  });

  test("a parse error's line, from V8's message", () => {
    const bad = '{\n  "type": "all",\n  "rules": [,]\n}';
    let message = '';
    try {
      JSON.parse(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    assert.equal(lineOfParseError(bad, message), 3);
    assert.equal(lineOfParseError('{\n"a": 1', 'Unexpected end of JSON input'), 2);
    assert.equal(lineOfParseError('{"a": 1}\n\n x', 'whatever'), 3);
    assert.equal(lineOfParseError('{"a": 1}', 'not a syntax error'), undefined);
  });

  test('finds the first syntax error exactly where JSON.parse refuses', () => {
    const samples = ['{"a":[1,2,{"b":null}],"c":"x\\"y","d":-1.5e3}', '[]', '{}', '"s"', ' true '];
    for (const s of samples) assert.equal(syntaxErrorOffset(s), undefined, s);
    const broken = [
      '{"a" 1}',
      '[1,,2]',
      '{"a":1,}',
      '{"a":tru}',
      '[01]',
      '"\\u12"',
      '{"a":1} x',
      '',
    ];
    for (const s of broken) {
      assert.throws(() => JSON.parse(s));
      assert.notEqual(syntaxErrorOffset(s), undefined, s);
    }
    assert.equal(syntaxErrorOffset('{"a" 1}'), 5);
    assert.equal(syntaxErrorOffset('[1,,2]'), 3);
  });
});

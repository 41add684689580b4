import { LIMITS } from './limits.js';

/** A parsed JSON value; integers beyond 2^53 stay exact as bigint. */
export type JsonLike =
  | string
  | number
  | bigint
  | boolean
  | null
  | JsonLike[]
  | { [key: string]: JsonLike };

class JsonError extends Error {}

/**
 * Parses JSON like `JSON.parse`, but keeps integers that a double cannot hold exactly as
 * `bigint`, and refuses nesting deeper than `maxDepth`. Throws on invalid input.
 */
export function parseJson(text: string, maxDepth: number = LIMITS.jsonDepth): JsonLike {
  let i = 0;
  const fail = (what: string): never => {
    throw new JsonError(`${what} at position ${i}`);
  };
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const value = (depth: number): JsonLike => {
    if (depth > maxDepth) fail(`nesting deeper than ${maxDepth}`);
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [key: string]: JsonLike } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const key = string();
        ws();
        if (text[i] !== ':') fail('expected :');
        i++;
        const v = value(depth + 1);
        Object.defineProperty(obj, key, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail('expected , or }');
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonLike[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail('expected , or ]');
      }
    }
    if (c === '"') return string();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    return number();
  };
  const string = (): string => {
    const start = ++i;
    // Fast path: no escapes.
    const end = text.indexOf('"', start);
    if (end < 0) fail('unterminated string');
    const raw = text.slice(start, end);
    if (!raw.includes('\\')) {
      for (let k = 0; k < raw.length; k++)
        if (raw.charCodeAt(k) < 0x20) fail('control character in string');
      i = end + 1;
      return raw;
    }
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return out;
      }
      if (ch.charCodeAt(0) < 0x20) fail('control character in string');
      if (ch !== '\\') {
        out += ch;
        i++;
        continue;
      }
      const e = text[i + 1];
      i += 2;
      if (e === 'u') {
        const hex = text.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
        out += String.fromCharCode(Number.parseInt(hex, 16));
        i += 4;
      } else {
        const map: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        const m = e === undefined ? undefined : map[e];
        if (m === undefined) fail('bad escape');
        out += m;
      }
    }
  };
  const number = (): number | bigint => {
    const m = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    m.lastIndex = i;
    const found = m.exec(text);
    if (!found || found[0] === '' || found[0] === '-') fail('unexpected character');
    const raw = found![0];
    i += raw.length;
    if (found![2] === undefined && found![3] === undefined) {
      const n = Number(raw);
      return Number.isSafeInteger(n) ? n : BigInt(raw);
    }
    return Number(raw);
  };
  const result = value(0);
  ws();
  if (i !== text.length) fail('unexpected text after the value');
  return result;
}

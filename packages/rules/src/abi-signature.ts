// A small reader of human-readable ABI signatures, enough to validate rules without viem
// (the browser core bundles validation; evaluation parses with viem).

export interface AbiParam {
  type: string;
  name: string;
  indexed: boolean;
  /** For tuples, their components. */
  components?: AbiParam[];
}

export interface ParsedSignature {
  kind: 'function' | 'event';
  name: string;
  inputs: AbiParam[];
  outputs: AbiParam[];
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** Splits at top-level commas of a parenthesised list; returns undefined when parentheses don't balance. */
function splitTopLevel(inner: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth < 0) return undefined;
    } else if (c === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  parts.push(inner.slice(start));
  if (parts.length === 1 && parts[0]!.trim() === '') return [];
  return parts;
}

/** Finds the index of the `)` that closes the `(` at `open`. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export function isElementaryType(type: string): boolean {
  const base = type.replace(/(\[\d*\])+$/, '');
  if (base === 'address' || base === 'bool' || base === 'string' || base === 'bytes') return true;
  let m = /^bytes(\d+)$/.exec(base);
  if (m) return Number(m[1]) >= 1 && Number(m[1]) <= 32;
  m = /^u?int(\d*)$/.exec(base);
  if (m) {
    if (m[1] === '') return true;
    const bits = Number(m[1]);
    return bits >= 8 && bits <= 256 && bits % 8 === 0;
  }
  return false;
}

function parseParam(raw: string, allowIndexed: boolean): AbiParam | string {
  const text = raw.trim();
  if (text === '') return 'has an empty parameter';
  let type: string;
  let rest: string;
  let components: AbiParam[] | undefined;
  if (text.startsWith('tuple(')) return 'writes a tuple as tuple(…): write it as (type a, type b)';
  if (text.startsWith('(')) {
    const open = text.indexOf('(');
    const end = closing(text, open);
    if (end < 0) return 'has unbalanced parentheses';
    const parts = splitTopLevel(text.slice(open + 1, end));
    if (!parts) return 'has unbalanced parentheses';
    components = [];
    for (const part of parts) {
      const p = parseParam(part, false);
      if (typeof p === 'string') return p;
      components.push(p);
    }
    const after = text.slice(end + 1);
    const suffix = /^(\[\d*\])*/.exec(after)![0];
    type = `tuple${suffix}`;
    rest = after.slice(suffix.length).trim();
  } else {
    const m = /^(\S+)(.*)$/s.exec(text)!;
    type = m[1]!;
    rest = m[2]!.trim();
    if (type === 'uint') type = 'uint256';
    else if (type === 'int') type = 'int256';
    if (!isElementaryType(type)) return `has an unknown type \`${type}\``;
  }
  const words = rest === '' ? [] : rest.split(/\s+/);
  let indexed = false;
  if (words[0] === 'indexed') {
    if (!allowIndexed) return '`indexed` is only allowed on event parameters';
    indexed = true;
    words.shift();
  }
  if (words[0] === 'memory' || words[0] === 'calldata' || words[0] === 'storage') {
    if (allowIndexed)
      return `puts \`${words[0]}\` on an event parameter: events have no data locations`;
    const reference =
      type === 'string' || type === 'bytes' || type.endsWith(']') || type.startsWith('tuple');
    if (!reference)
      return `puts \`${words[0]}\` on ${type}: only strings, bytes, arrays and tuples have a data location`;
    words.shift();
  }
  if (words.length > 1) return `has an unexpected word \`${words[1]}\``;
  const name = words[0] ?? '';
  if (name !== '' && !IDENT.test(name)) return `has an invalid parameter name \`${name}\``;
  return components ? { type, name, indexed, components } : { type, name, indexed };
}

function parseList(inner: string, allowIndexed: boolean): AbiParam[] | string {
  const parts = splitTopLevel(inner);
  if (!parts) return 'has unbalanced parentheses';
  const params: AbiParam[] = [];
  for (const part of parts) {
    const p = parseParam(part, allowIndexed);
    if (typeof p === 'string') return p;
    params.push(p);
  }
  return params;
}

/**
 * Parses `function name(inputs) [view|pure|external|public…] returns (outputs)` or
 * `event Name(inputs) [anonymous]`. Returns a message when the text is not a valid signature.
 */
export function parseSignature(text: string, kind: 'function' | 'event'): ParsedSignature | string {
  const source = text.trim();
  const head = new RegExp(`^${kind}\\s+([A-Za-z_$][\\w$]*)\\s*\\(`).exec(source);
  if (!head) {
    return kind === 'function'
      ? 'must look like `function name(type arg, …) view returns (type)`'
      : 'must look like `event Name(type indexed arg, …)`';
  }
  const open = head[0].length - 1;
  const end = closing(source, open);
  if (end < 0) return 'has unbalanced parentheses';
  const inputs = parseList(source.slice(open + 1, end), kind === 'event');
  if (typeof inputs === 'string') return inputs;
  const tail = source.slice(end + 1).trim();
  if (kind === 'event') {
    if (tail !== '' && tail !== 'anonymous')
      return `has unexpected text \`${tail}\` after the parameters`;
    if (tail === 'anonymous') return 'anonymous events cannot be filtered by signature';
    return { kind, name: head[1]!, inputs, outputs: [] };
  }
  const ret = /^((?:(?:external|public|view|pure)\s+)*)returns\s*\(/.exec(tail);
  if (!ret) return 'must declare its result, e.g. `… view returns (uint256)`';
  const retOpen = ret[0].length - 1;
  const retEnd = closing(tail, retOpen);
  if (retEnd < 0) return 'has unbalanced parentheses';
  if (tail.slice(retEnd + 1).trim() !== '') return 'has unexpected text after `returns (…)`';
  const outputs = parseList(tail.slice(retOpen + 1, retEnd), false);
  if (typeof outputs === 'string') return outputs;
  if (outputs.length === 0) return 'must return at least one value';
  return { kind, name: head[1]!, inputs, outputs };
}

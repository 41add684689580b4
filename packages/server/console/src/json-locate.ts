/**
 * Where a value sits in JSON text: the server names a problem by path (`rules[1].min`), the
 * editor shows it at its line. A small scanner over text `JSON.parse` already accepted.
 */

/** Every path of `text` (`''` the root, `rules[1].min`) → the offset where its key or value starts. */
export function jsonOffsets(text: string): Map<string, number> {
  const offsets = new Map<string, number>();
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++; // closing quote
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string, at: number) => {
    ws();
    if (!offsets.has(path)) offsets.set(path, at < 0 ? i : at);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      while (i < text.length && text[i] !== '}') {
        const keyAt = i;
        const key = string();
        ws();
        i++; // colon
        value(path ? `${path}.${key}` : key, keyAt);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (c === '[') {
      i++;
      ws();
      let n = 0;
      while (i < text.length && text[i] !== ']') {
        value(`${path}[${n++}]`, -1);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (c === '"') string();
    else while (i < text.length && !',]} \t\n\r'.includes(text[i]!)) i++;
  };
  value('', -1);
  return offsets;
}

/** The 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/**
 * The line of `path` in `text` (valid JSON): the path itself, else its nearest ancestor that is
 * there (a missing field's problem shows at the object that lacks it).
 */
export function lineOfPath(text: string, path: string, offsets = jsonOffsets(text)): number {
  let p = path;
  for (;;) {
    const at = offsets.get(p);
    if (at !== undefined) return lineAt(text, at);
    if (!p) return 1;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
}

/**
 * The offset of the first syntax error of `text`, or undefined when it is valid JSON: V8's
 * messages do not always say where (`Unexpected token ',', …`), so the console finds it itself.
 */
export function syntaxErrorOffset(text: string): number | undefined {
  let i = 0;
  class At extends Error {}
  const fail = (): never => {
    throw new At();
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined || c < ' ') fail();
      if (c === '"') break;
      if (c === '\\') {
        i++;
        const e = text[i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) fail();
      }
      i++;
    }
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (error) {
    if (error instanceof At) return Math.min(i, text.length);
    throw error;
  }
}

/** The line of the first syntax error of `text` (the parser's message names it when it can). */
export function lineOfParseError(text: string, message: string): number | undefined {
  const line = /\(line (\d+) column \d+\)/.exec(message);
  if (line) return Number(line[1]);
  const at = syntaxErrorOffset(text);
  return at === undefined ? undefined : lineAt(text, at);
}

// Rollup plugin for the script-tag build: the static text of the elements' `css\`…\`` tagged
// templates without comments and with whitespace only where CSS needs it (terser keeps template
// text as written). Only runs of whitespace are touched, never the characters between them, so
// a rule's meaning cannot change: a run becomes one space, or nothing next to `{`, `}` or `;`,
// after a declaration's colon, or at either end of the template. `${…}` expressions are left as they are; a template
// whose expressions hold a backtick is left whole.

/**
 * `text` (static CSS between expressions) minified; `start`/`end`: at the template's ends. Commas
 * keep their space: in a custom property's `var(--a, b)` it is part of the value as written.
 */
export function minifyCssText(text, start = true, end = true) {
  let out = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\s+/g, ' ');
  out = out.replace(/ ?([{};]) ?/g, '$1');
  // A declaration's `name: value` (after `{` or `;`, where no selector starts) as `name:value`.
  out = out.replace(/([{;])(-?-?[\w-]+): /g, '$1$2:');
  if (start) out = out.replace(/^ /, '');
  if (end) out = out.replace(/ $/, '');
  return out;
}

/** Every `css\`…\`` template in `code` minified (see above); the code is otherwise untouched. */
export function minifyCssLiterals(code) {
  let out = '';
  let at = 0;
  const tag = /\bcss`/g;
  for (let match = tag.exec(code); match; match = tag.exec(code)) {
    const open = match.index + match[0].length;
    // The template's parts: static text, then `${…}` expressions (brace depth), to the closing backtick.
    const parts = [];
    let text = '';
    let i = open;
    let whole = true;
    while (i < code.length && code[i] !== '`') {
      if (code[i] === '\\') {
        text += code.slice(i, i + 2);
        i += 2;
      } else if (code[i] === '$' && code[i + 1] === '{') {
        let depth = 1;
        let j = i + 2;
        while (j < code.length && depth > 0) {
          if (code[j] === '`') whole = false;
          if (code[j] === '{') depth++;
          else if (code[j] === '}') depth--;
          j++;
        }
        parts.push({ text, expr: code.slice(i, j) });
        text = '';
        i = j;
      } else {
        text += code[i];
        i++;
      }
    }
    if (!whole || i >= code.length) continue;
    parts.push({ text, expr: '' });
    const body = parts
      .map((part, k) => minifyCssText(part.text, k === 0, k === parts.length - 1) + part.expr)
      .join('');
    out += code.slice(at, open) + body;
    at = i;
    tag.lastIndex = i + 1;
  }
  return out + code.slice(at);
}

/** The plugin: the elements' own modules (after TypeScript is stripped), nothing from node_modules. */
export function minifyCssLiteralsPlugin() {
  return {
    name: 'questboard-minify-css-literals',
    transform(code, id) {
      if (id.includes('node_modules') || !/\/packages\/elements\/src\/.*\.[jt]s$/.test(id))
        return null;
      if (!code.includes('css`')) return null;
      return { code: minifyCssLiterals(code), map: null };
    },
  };
}

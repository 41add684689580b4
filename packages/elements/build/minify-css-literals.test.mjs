// minifyCssLiterals: the static text of css`…` templates loses comments and extra whitespace and
// keeps its meaning. Proved in real Chromium on every css`…` template of the elements' sources:
// each one (its `${…}` expressions replaced by a custom property) parsed as a CSSStyleSheet,
// before and after, serialises to the same rules. Plus the edges: expressions, escapes,
// strings, calc(), templates with a backtick in an expression, code without templates.
// Run: node --test packages/elements/build/minify-css-literals.test.mjs
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the inputs are source code with templates
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromiumArgs, requireChromium } from '../../../scripts/chromium.mjs';
import { minifyCssLiterals, minifyCssText } from './minify-css-literals.mjs';

const src = fileURLToPath(new URL('../src/', import.meta.url));
let browser;
let page;

before(async () => {
  browser = await puppeteer.launch({ executablePath: requireChromium(), args: chromiumArgs });
  page = await browser.newPage();
});
after(() => browser?.close());

/** Every css`…` template of a module's code, as written (text and `${…}` expressions). */
function templates(code) {
  const found = [];
  const tag = /\bcss`/g;
  for (let m = tag.exec(code); m; m = tag.exec(code)) {
    let i = m.index + 4;
    let depth = 0;
    while (i < code.length && (depth > 0 || code[i] !== '`')) {
      if (code[i] === '\\') i++;
      else if (code[i] === '$' && code[i + 1] === '{') {
        depth++;
        i++;
      } else if (depth > 0 && code[i] === '}') depth--;
      i++;
    }
    found.push(code.slice(m.index, i + 1));
    tag.lastIndex = i + 1;
  }
  return found;
}

/** A template's CSS with each `${…}` as a custom property (what the browser parses). */
const asCss = (template) =>
  template.slice(4, -1).replace(/\$\{[^}]*(\{[^}]*\}[^}]*)*\}/g, 'var(--expression)');

/** The rules Chromium parses `css` into, serialised. */
const parsed = (css) =>
  page.evaluate((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    return [...sheet.cssRules].map((rule) => rule.cssText);
  }, css);

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : /\.ts$/.test(entry.name) && !/\.(test|stories)\.ts$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

test('every css`…` template of the elements parses to the same rules after minifying', async () => {
  let checked = 0;
  for (const file of sources(src)) {
    const code = readFileSync(file, 'utf8');
    const before = templates(code);
    if (!before.length) continue;
    const afterwards = templates(minifyCssLiterals(code));
    assert.equal(afterwards.length, before.length, file);
    for (const [i, template] of before.entries()) {
      const rules = await parsed(asCss(template));
      assert.ok(rules.length > 0, `${file}: template ${i} has rules`);
      assert.deepEqual(await parsed(asCss(afterwards[i])), rules, `${file}: template ${i}`);
      assert.ok(afterwards[i].length < template.length, `${file}: template ${i} got shorter`);
      checked++;
    }
  }
  assert.ok(checked >= 10, `checked ${checked} templates`);
});

test('whitespace goes where CSS does not need it, never the characters between', () => {
  assert.equal(
    minifyCssText(`
      /* a comment */
      :host {
        width: calc(100% - 2px);
        font-family: "Segoe UI", sans-serif;
        content: '\\201C';
      }
      a :hover , b > c { color: red !important; }
    `),
    `:host{width:calc(100% - 2px);font-family:"Segoe UI", sans-serif;content:'\\201C';}a :hover , b > c{color:red !important;}`,
  );
});

test('expressions stay as written, with the space CSS needs beside them', () => {
  const code =
    'const s = css`\n  .a {\n    border: 1px solid ${token("x")};\n    gap: ${a} ${b};\n  }\n  ${more}\n`;';
  assert.equal(
    minifyCssLiterals(code),
    'const s = css`.a{border:1px solid ${token("x")};gap:${a} ${b};}${more}`;',
  );
});

test('leaves code without css`…` templates, and templates with a backtick inside, alone', () => {
  const plain = 'const t = html`<p>  two  spaces  </p>`; const c = `css  ${x}`;';
  assert.equal(minifyCssLiterals(plain), plain);
  const nested = 'css`  .a { color: ${`red`}; }  `';
  assert.equal(minifyCssLiterals(nested), nested);
});

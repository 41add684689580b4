/// <reference types="mocha" />
/**
 * Shared browser-test setup for `@questboard/elements`; every test file imports it first.
 *
 * - A failed assertion whose actual/expected is a DOM node hangs the test file until the
 *   runner's timeout (TOOLING.md): such values are replaced with their `outerHTML`.
 * - Progress is kept in localStorage by the default backend: each test starts from none.
 * - Links to other hosts are never followed (tests only contact 127.0.0.1): clicks on them are
 *   cancelled before the browser navigates, after the element under test has seen them.
 */

function printable(value: unknown): unknown {
  if (typeof Node !== 'undefined' && value instanceof Node)
    return value instanceof Element ? value.outerHTML : (value.textContent ?? value.nodeName);
  return value;
}

afterEach(function () {
  const err = this.currentTest?.err as { actual?: unknown; expected?: unknown } | undefined;
  if (!err) return;
  err.actual = printable(err.actual);
  err.expected = printable(err.expected);
});

beforeEach(() => {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key?.startsWith('questboard:')) localStorage.removeItem(key);
  }
});

window.addEventListener('click', (event) => {
  const link = event.composedPath().find((n) => n instanceof HTMLAnchorElement);
  if (link && new URL(link.href, location.href).origin !== location.origin) event.preventDefault();
});

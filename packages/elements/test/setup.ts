/// <reference types="mocha" />
/**
 * Shared browser-test setup for `@questboard/elements`; every test file imports it first.
 *
 * - A failed assertion whose actual/expected is a DOM node hangs the test file until the
 *   runner's timeout (TOOLING.md): such values are replaced with their `outerHTML`.
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

window.addEventListener('click', (event) => {
  const link = event.composedPath().find((n) => n instanceof HTMLAnchorElement);
  if (link && new URL(link.href, location.href).origin !== location.origin) event.preventDefault();
});

/**
 * Removes stored campaign progress (the default backend keeps it in localStorage). Only files
 * that use the default backend call it, in their own `beforeEach`: test files run side by side
 * in one origin, so a global clean-up would wipe another file's progress mid-test.
 */
export function clearStoredProgress(): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key?.startsWith('questboard:v1:progress:')) localStorage.removeItem(key);
  }
}

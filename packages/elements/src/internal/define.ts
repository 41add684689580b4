type VersionedElement = CustomElementConstructor & { version?: string };

/**
 * Version pairs already warned about, shared by every copy of this module in the page (each
 * bundle of an app — a Next server and client bundle, a micro-frontend, a script tag — carries
 * its own copy, so a module-level set would warn once per copy).
 */
const WARNED = Symbol.for('questboard.define.warned');
function warnedPairs(): Set<string> {
  const scope = globalThis as { [WARNED]?: Set<string> };
  scope[WARNED] ??= new Set();
  return scope[WARNED];
}

/**
 * Registers `tag` for `ctor` unless the tag is taken. Never throws when the widget is loaded more
 * than once in a page (several bundles of one app, a script tag plus an npm import, an
 * extension): the first registration wins. Copies of the same version are silent; when two
 * different versions meet, one warning names both (once per pair of versions, not per tag).
 * No-op outside browsers.
 */
export function defineElement(tag: string, ctor: VersionedElement): void {
  if (typeof customElements === 'undefined') return;
  const existing = customElements.get(tag) as VersionedElement | undefined;
  if (!existing) {
    customElements.define(tag, ctor);
    return;
  }
  if (existing === ctor) return;
  const have = existing.version ?? 'unknown';
  const mine = ctor.version ?? 'unknown';
  if (have === mine) return;
  const warned = warnedPairs();
  const pair = `${have}\n${mine}`;
  if (warned.has(pair)) return;
  warned.add(pair);
  console.warn(
    `[questboard] Two versions of @questboard/elements are loaded: <${tag}> and its siblings are already defined by ${have}, so this copy (${mine}) is not registered and the page uses ${have}. Load one version per page (npm ls @questboard/elements shows where each comes from).`,
  );
}

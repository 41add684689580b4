type VersionedElement = CustomElementConstructor & { version?: string };

const warned = new Set<string>();

/**
 * Registers `tag` for `ctor` unless the tag is taken. Never throws for a second copy of the
 * widget on the page (a script tag plus an npm import, an extension): the first registration
 * wins and the second copy warns once per tag, naming both versions. No-op outside browsers.
 */
export function defineElement(tag: string, ctor: VersionedElement): void {
  if (typeof customElements === 'undefined') return;
  const existing = customElements.get(tag) as VersionedElement | undefined;
  if (!existing) {
    customElements.define(tag, ctor);
    return;
  }
  if (existing === ctor || warned.has(tag)) return;
  warned.add(tag);
  const have = existing.version ?? 'unknown';
  const mine = ctor.version ?? 'unknown';
  console.warn(
    have === mine
      ? `[questboard] <${tag}> is already defined by another copy of @questboard/elements (${have}); this copy is not registered. Load the widget once per page.`
      : `[questboard] <${tag}> is already defined by @questboard/elements ${have}; this copy (${mine}) is not registered, so the page uses ${have}. Load one version per page.`,
  );
}

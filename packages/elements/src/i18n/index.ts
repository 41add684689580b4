import type { QuestErrorCode } from '@questboard/core';
import { atom } from 'nanostores';
import { en } from './en.js';
import type { Catalog, LocaleCatalog, Message, MessageId } from './types.js';

export type { Catalog, LocaleCatalog, Message, MessageId, PluralMessage } from './types.js';

// English is complete once every lazy element's messages have been added (`addEnglish`); until
// then an id it lacks belongs to an element not loaded, which nothing renders.
const catalogs = new Map<string, LocaleCatalog>([['en', en as unknown as LocaleCatalog]]);
/**
 * Catalogs loaded on first use (a dynamic `import()`): a page in English never downloads the
 * others. Until one arrives its elements show English, then re-render (see `$catalogs`).
 */
const loaders = new Map<string, () => Promise<LocaleCatalog>>([
  ['es', () => import('./es.js').then((m) => m.es)],
]);
const loading = new Map<string, Promise<void>>();

/** Changes whenever a catalog is added or arrives: elements re-render on it. */
export const $catalogs = atom(0);

/**
 * Adds English messages that load with the element showing them (./en.*.ts: a lazy element's
 * messages stay out of the script-tag file). Called by that element's module as it loads.
 */
export function addEnglish(messages: Partial<Record<MessageId, Message>>): void {
  Object.assign(en.messages, messages);
}

/** Adds (or replaces) a locale's catalog, e.g. `registerLocale('fr', fr)`. */
export function registerLocale(locale: string, catalog: LocaleCatalog): void {
  catalogs.set(locale.toLowerCase(), catalog);
  translators.clear();
  $catalogs.set($catalogs.get() + 1);
}

/** Locales with a catalog (loaded or loadable). */
export function supportedLocales(): string[] {
  return [...new Set([...catalogs.keys(), ...loaders.keys()])];
}

/** Loads a locale's catalog if it is a lazy one; resolves at once for the others. */
export function loadLocale(requested?: string | null): Promise<void> {
  const locale = resolveLocale(requested);
  const loader = loaders.get(locale);
  if (catalogs.has(locale) || !loader) return Promise.resolve();
  let pending = loading.get(locale);
  if (!pending) {
    pending = loader().then(
      (catalog) => registerLocale(locale, catalog),
      (error) => {
        loading.delete(locale); // try again next time
        console.warn(
          `[questboard] The "${locale}" messages could not be loaded; showing English.`,
          error,
        );
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}

/**
 * The locale to use: the requested one, else the page's `<html lang>`, else the browser's
 * language, else `en` — narrowed to a locale with a catalog (`es-MX` → `es`, `fr` → `en`).
 */
export function resolveLocale(requested?: string | null): string {
  const wanted =
    requested ||
    (typeof document !== 'undefined' ? document.documentElement.lang : '') ||
    (typeof navigator !== 'undefined' ? navigator.language : '') ||
    'en';
  const lower = wanted.toLowerCase();
  const known = (l: string) => catalogs.has(l) || loaders.has(l);
  if (known(lower)) return lower;
  const base = lower.split('-')[0] ?? '';
  return known(base) ? base : 'en';
}

export type Params = Record<string, string | number>;

/** Formats one message: plural form by `params.n`, then `{name}` parameters; numbers localized. */
export function formatMessage(locale: string, message: Message, params: Params = {}): string {
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const n = Number(params.n ?? 0);
    text = message[pluralCategory(locale, n)] ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}

export interface Translator {
  readonly locale: string;
  /** A message by id, formatted with `params`. */
  t(id: MessageId, params?: Params): string;
  /** The text to show for an error: the catalog's text for its code, else its `shortMessage`. */
  error(error: { code: string; shortMessage: string }): string;
  /** A number in the locale's format. */
  number(n: number): string;
  /** "a, b and c" in the locale's words. */
  list(items: string[]): string;
}

const translators = new Map<string, Translator>();
const pluralCache = new Map<string, Intl.PluralRules>();
const numberCache = new Map<string, Intl.NumberFormat>();

// The built-in catalogs' integers, plural categories and (English) lists are worded here without
// Intl: the first `Intl.NumberFormat` or `Intl.PluralRules` of a page loads ICU's locale data,
// 35–100 ms of Chromium's main thread before a board's first paint (bench:load). Each shortcut
// gives exactly what Intl gives for the values it takes (i18n.test.ts compares them); anything
// else (fractions, other locales, huge numbers) goes to Intl.

/** `Intl.PluralRules(locale).select(n)`. */
function pluralCategory(locale: string, n: number): Intl.LDMLPluralRule {
  if (Number.isSafeInteger(n)) {
    const i = Math.abs(n);
    if (locale === 'en') return i === 1 ? 'one' : 'other';
    // CLDR (es): `many` for non-zero multiples of a million.
    if (locale === 'es') return i === 1 ? 'one' : i !== 0 && i % 1_000_000 === 0 ? 'many' : 'other';
  }
  return pluralRules(locale).select(n);
}

/** `Intl.NumberFormat(locale).format(n)`. */
function formatNumber(locale: string, n: number): string {
  if (Number.isSafeInteger(n) && !Object.is(n, -0) && (locale === 'en' || locale === 'es')) {
    const digits = String(Math.abs(n));
    const sign = n < 0 ? '-' : '';
    // English groups thousands with commas; Spanish with points, from five digits on.
    if (locale === 'en') return sign + digits.replace(/\B(?=(\d{3})+$)/g, ',');
    return sign + (digits.length < 5 ? digits : digits.replace(/\B(?=(\d{3})+$)/g, '.'));
  }
  return numberFormat(locale).format(n);
}

/** `Intl.ListFormat(locale, { type: 'conjunction' }).format(items)`. */
function formatList(locale: string, items: string[]): string {
  if (locale === 'en' && items.length < 3) return items.join(' and ');
  if (locale === 'en') return `${items.slice(0, -1).join(', ')}, and ${items.at(-1)}`;
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
}

function pluralRules(locale: string): Intl.PluralRules {
  let rules = pluralCache.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralCache.set(locale, rules);
  }
  return rules;
}

function numberFormat(locale: string): Intl.NumberFormat {
  let format = numberCache.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberCache.set(locale, format);
  }
  return format;
}

/** The (cached) translator for a locale, resolved as `resolveLocale` does. */
export function translator(requested?: string | null): Translator {
  const locale = resolveLocale(requested);
  let found = translators.get(locale);
  if (found) return found;
  const loaded = catalogs.get(locale);
  if (!loaded) void loadLocale(locale);
  const catalog: Catalog = loaded ?? en;
  found = {
    locale,
    // An id whose English has not loaded (a lazy element's, asked for without it) shows the id.
    t: (id, params) =>
      formatMessage(
        locale,
        catalog.messages[id] ?? (en.messages as Catalog['messages'])[id] ?? id,
        params,
      ),
    error: (error) =>
      catalog.errors[error.code as QuestErrorCode] ?? (error.shortMessage || String(error.code)),
    number: (n) => formatNumber(locale, n),
    list: (items) => formatList(locale, items),
  };
  // A stand-in (English while the catalog loads) is not cached.
  if (loaded) translators.set(locale, found);
  return found;
}

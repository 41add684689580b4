import { LitElement, type PropertyDeclarations } from 'lit';
import { $catalogs, loadLocale, type Translator, translator } from '../i18n/index.js';
import { StoreController } from './store-controller.js';
import { VERSION } from './version.js';

/** What every Questboard element shares: `static version` and `locale`. */
export class QuestElement extends LitElement {
  /** The `@questboard/elements` version this class comes from (checked on registration). */
  static version = VERSION;

  static override properties: PropertyDeclarations = {
    locale: { type: String },
  };

  /**
   * The UI language (`en`, `es`, or one added with `registerLocale`). Default: the page's
   * `<html lang>`, then the browser's language, then English.
   */
  declare locale: string | undefined;

  constructor() {
    super();
    // Re-render when a lazily loaded message catalog arrives.
    new StoreController(this, $catalogs);
  }

  /** Also waits for the locale's messages when they are still loading. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await loadLocale(this.locale);
    return (await super.getUpdateComplete()) && done;
  }

  /** Messages in the element's locale. */
  protected get i18n(): Translator {
    return translator(this.locale);
  }
}

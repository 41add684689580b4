import { withThemeByDataAttribute } from '@storybook/addon-themes';
import { setCustomElementsManifest } from '@storybook/web-components';
import type { Decorator, Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { styleMap } from 'lit/directives/style-map.js';
import { action } from 'storybook/actions';
import type { ArgTypesEnhancer, StrictArgTypes } from 'storybook/internal/types';
import manifest from '../packages/elements/custom-elements.json' with { type: 'json' };
import '../packages/elements/src/define.js';
import { lightTokens } from '../packages/elements/src/styles/tokens.js';
import './preview.css';

interface Declaration {
  name?: string;
  tagName?: string;
  customElement?: boolean;
  events?: { name: string }[];
  members?: { name: string; privacy?: string }[];
}
interface Manifest {
  modules: { declarations?: Declaration[] }[];
}

/** Docs pages and controls come from the Custom Elements Manifest (generated from JSDoc). */
const cem = manifest as unknown as Manifest;
const declarations = cem.modules.flatMap((m) => m.declarations ?? []);
setCustomElementsManifest(cem);

/** Every `quest-*` event an element declares: logged in the Actions panel. */
const events = [
  ...new Set(declarations.flatMap((d) => (d.events ?? []).map((e) => e.name))),
].filter((name) => name.startsWith('quest-'));

const logEvents = (element: Element | undefined) => {
  if (!element || (element as Element & { questLogged?: boolean }).questLogged) return;
  (element as Element & { questLogged?: boolean }).questLogged = true;
  for (const name of events)
    element.addEventListener(name, (event) => action(name)((event as CustomEvent).detail));
};

/**
 * A control per `--quest-*` token: the global tokens (on every element) and the element's own
 * custom properties from the manifest. Colours get a colour picker, the rest a text field.
 */
const tokenArgTypes = (argTypes: StrictArgTypes): StrictArgTypes => {
  const result: StrictArgTypes = { ...argTypes };
  const names = [
    ...Object.keys(lightTokens).map((name) => `--quest-${name}`),
    ...Object.keys(argTypes).filter((name) => name.startsWith('--quest-')),
  ];
  for (const name of names) {
    const isColour = /color|background|track|fill/.test(name);
    result[name] = {
      name,
      description: `CSS custom property (default \`${lightTokens[name.slice(8) as keyof typeof lightTokens] ?? 'see the element'}\`)`,
      ...argTypes[name],
      control: isColour ? { type: 'color' } : { type: 'text' },
      table: { category: 'css custom properties', ...argTypes[name]?.table },
    };
  }
  return result;
};
/** Members that are not public API (private `#x`, protected, Lit state), per tag. */
const hidden = new Map(
  declarations
    .filter((d) => d.tagName)
    .map((d) => [
      d.tagName!,
      new Set(
        (d.members ?? [])
          .filter((m) => m.name.startsWith('#') || (m.privacy && m.privacy !== 'public'))
          .map((m) => m.name),
      ),
    ]),
);

const withTokenControls: ArgTypesEnhancer = Object.assign(
  (context: { argTypes: StrictArgTypes; component?: unknown }) => {
    const result = tokenArgTypes(context.argTypes);
    const internal = hidden.get(String(context.component)) ?? new Set<string>();
    for (const [name, argType] of Object.entries(result)) {
      if (internal.has(name) && argType.table?.category === 'properties')
        result[name] = { ...argType, table: { ...argType.table, disable: true } };
    }
    return result;
  },
  { secondPass: true },
);

/**
 * Wraps the story in a box carrying the token controls' values (custom properties inherit into
 * every shadow root) and logging the elements' events.
 */
const withTokensAndEvents: Decorator = (story, context) => {
  const tokens = Object.fromEntries(
    Object.entries(context.args).filter(
      ([name, value]) => name.startsWith('--quest-') && typeof value === 'string' && value !== '',
    ),
  ) as Record<string, string>;
  return html`<div class="story" style=${styleMap(tokens)} ${ref(logEvents)}>${story()}</div>`;
};

const preview: Preview = {
  parameters: {
    controls: { expanded: true },
    // The a11y addon fails a story on violations (not just warns).
    a11y: { test: 'error' },
  },
  argTypesEnhancers: [withTokenControls],
  decorators: [
    withTokensAndEvents,
    // Themes toolbar: light, dark and two brand presets, applied as data-theme on <html>
    // (preview.css maps each to --quest-* tokens, as a page would).
    withThemeByDataAttribute({
      themes: { light: 'light', dark: 'dark', ocean: 'ocean', sunset: 'sunset' },
      defaultTheme: 'light',
      attributeName: 'data-theme',
    }),
  ],
  tags: ['autodocs'],
};
export default preview;

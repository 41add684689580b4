// Importing @questboard/elements in plain Node (server rendering, SSR frameworks, tests) must not
// throw: no window/document/customElements at module top level. Run from the repository root:
//   node --conditions=source --import tsx packages/elements/test/ssr-import.mjs
import assert from 'node:assert/strict';

const elements = await import('@questboard/elements');
assert.equal(typeof elements.QuestBoard, 'function', 'QuestBoard is exported');
assert.equal(typeof elements.defineQuestElements, 'function', 'defineQuestElements is exported');
// Registering is a no-op without customElements, never an error.
elements.defineQuestElements();
await import(new URL('../src/define.ts', import.meta.url).href);
await import(new URL('../src/cdn.ts', import.meta.url).href);
assert.equal(elements.translator('es').t('task.verify'), 'Verificar');
console.log('ok: @questboard/elements imports in Node without a DOM');

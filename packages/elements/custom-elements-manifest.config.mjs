// `npm run build:manifest`: custom-elements.json as a consumer (and a type generator) needs it.
// - module paths point into dist/ (what ships and what the `exports` resolve), not src/*.ts;
// - the shared base class (src/internal/quest-element.ts) is analysed, so its `locale`
//   attribute is listed as inherited on every element;
// - reactive `state: true` properties are internal: not attributes, not public members;
// - event types come from the `@event {Type} name` JSDoc of each element.
// scripts/gen-element-types.mjs turns the result into the JSX / Vue / Svelte types.

/** Names declared `state: true` in a class's `static properties`, per class name. */
const internalState = new Map();

function stateProperties() {
  return {
    name: 'questboard-internal-state',
    analyzePhase({ ts, node }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      for (const member of node.members) {
        if (!ts.isPropertyDeclaration(member) || member.name?.getText() !== 'properties') continue;
        const init = member.initializer;
        if (!init || !ts.isObjectLiteralExpression(init)) continue;
        const names = new Set();
        for (const prop of init.properties) {
          if (!ts.isPropertyAssignment(prop) || !ts.isObjectLiteralExpression(prop.initializer))
            continue;
          const isState = prop.initializer.properties.some(
            (p) =>
              ts.isPropertyAssignment(p) &&
              p.name.getText() === 'state' &&
              p.initializer.kind === ts.SyntaxKind.TrueKeyword,
          );
          if (isState) names.add(prop.name.getText());
        }
        internalState.set(node.name.getText(), names);
      }
    },
    moduleLinkPhase({ moduleDoc }) {
      for (const declaration of moduleDoc.declarations ?? []) {
        const names = internalState.get(declaration.name);
        if (!names?.size) continue;
        declaration.attributes = (declaration.attributes ?? []).filter(
          (a) => !names.has(a.fieldName ?? a.name),
        );
        for (const member of declaration.members ?? [])
          if (names.has(member.name)) member.privacy ??= 'private';
      }
    },
  };
}

const toDist = (path) => path?.replace(/^\/?src\//, 'dist/').replace(/\.ts$/, '.js');

function distPaths() {
  return {
    name: 'questboard-dist-paths',
    packageLinkPhase({ customElementsManifest }) {
      const fix = (ref) => {
        if (ref?.module) ref.module = toDist(ref.module);
      };
      for (const mod of customElementsManifest.modules) {
        mod.path = toDist(mod.path);
        for (const d of mod.declarations ?? []) {
          fix(d.superclass);
          for (const list of [d.members, d.attributes, d.events])
            for (const item of list ?? []) fix(item.inheritedFrom);
        }
        for (const e of mod.exports ?? []) fix(e.declaration);
      }
    },
  };
}

export default {
  globs: ['src/**/*.component.ts', 'src/internal/quest-element.ts'],
  outdir: '.',
  litelement: true,
  plugins: [stateProperties(), distPaths()],
};

// A Rollup output plugin of the script-tag build (rollup.config.mjs); tested by
// parallel-chunk-loads.test.mjs beside it (node --test packages/elements/build/*.test.mjs).
import { posix } from 'node:path';
import MagicString from 'magic-string';

/**
 * Every `import('./chunks/x.js')` of the script-tag build also asks at once for the chunks x
 * imports statically (and theirs), what Vite's preload helper does: a lazy chunk and its
 * dependencies then load side by side, where the browser would otherwise find each dependency
 * only after parsing the chunk that imports it (memory backend → schema: two round trips).
 * Chunks the importer has already loaded are left out: itself, what it imports, and the entry
 * (every lazy chunk of the script-tag build is reached through it).
 */
export function parallelChunkLoads() {
  return {
    name: 'questboard-parallel-chunk-loads',
    renderChunk(code, chunk, _options, { chunks }) {
      /** A chunk's static imports, transitively. */
      const closure = (fileName, seen = new Set()) => {
        for (const dep of chunks[fileName]?.imports ?? [])
          if (!seen.has(dep)) closure(dep, seen.add(dep));
        return seen;
      };
      const dir = posix.dirname(chunk.fileName);
      const loaded = closure(chunk.fileName, new Set([chunk.fileName]));
      const rel = (fileName) => {
        const path = posix.relative(dir, fileName);
        return path.startsWith('.') ? path : `./${path}`;
      };
      const magic = new MagicString(code);
      for (const m of code.matchAll(/\bimport\((['"])(\.\.?\/[^'"]+)\1\)/g)) {
        const target = posix.normalize(posix.join(dir, m[2]));
        if (!chunks[target]) continue;
        const deps = [...closure(target)].filter((dep) => !loaded.has(dep) && !chunks[dep].isEntry);
        if (!deps.length) continue;
        const also = deps.map((dep) => `import('${rel(dep)}')`).join(',');
        magic.overwrite(
          m.index,
          m.index + m[0].length,
          `Promise.all([${m[0]},${also}]).then((m)=>m[0])`,
        );
      }
      return magic.hasChanged()
        ? { code: magic.toString(), map: magic.generateMap({ hires: true }) }
        : null;
    },
  };
}

// A Rollup output plugin of the hashed builds (rollup.config.mjs: the script-tag bundle and the
// operator console); tested by prune-stale-output.test.mjs beside it.
import { readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/**
 * After a build is written, deletes the files in its output directory that this build did not
 * write. The hashed builds put every version's chunks beside the last one (`chunks/x-[hash].js`),
 * and their directories ship in the packages (`packages/elements/cdn` is in the npm tarball): a
 * release packed on a machine that had built before would carry every stale chunk. Rollup has
 * no option for it, and the plugins that do (rollup-plugin-delete, …) empty the directory
 * before the build, which leaves a half-written directory when the build fails; this deletes
 * only what is known stale, once the new files are in place. Empty folders are left as they are.
 *
 * Only in `owned`, the directory the config writes to: a build sent elsewhere (`rollup -c -d dir`,
 * as bench:load's BENCH_CDN suggests) leaves that directory's other files alone, so a mistaken
 * `-d` never deletes what was there before.
 */
export function pruneStaleOutput(owned) {
  return {
    name: 'questboard-prune-stale-output',
    writeBundle(options, bundle) {
      const dir = options.dir;
      if (!dir || resolve(dir) !== resolve(owned)) return;
      const written = new Set(Object.keys(bundle));
      const walk = (at) => {
        let entries;
        try {
          entries = readdirSync(at, { withFileTypes: true });
        } catch {
          return;
        }
        for (const entry of entries) {
          const path = join(at, entry.name);
          if (entry.isDirectory()) walk(path);
          else if (!written.has(relative(dir, path).split(sep).join('/'))) rmSync(path);
        }
      };
      walk(dir);
    },
  };
}

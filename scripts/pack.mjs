// Packs every published workspace package (those under packages/ in the root `workspaces`,
// not private) with `npm pack`, the way `npm publish` would: prepack/postpack included.
//
//   import { packAll } from './pack.mjs'; const packed = await packAll(outDir);
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The publishable workspace packages: `{ name, dir, pkg }`, from the root `workspaces`. */
export function publishedPackages() {
  const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return workspaces
    .filter((w) => w.startsWith('packages/'))
    .map((w) => {
      const dir = join(root, w);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { name: pkg.name, dir, pkg };
    })
    .filter(({ pkg }) => !pkg.private);
}

/**
 * `npm pack` of each package into `outDir`; resolves with `{ name, dir, tarball, files }` where
 * `files` are the packed paths. In parallel: each prepack rewrites only its own manifest.
 */
export function packAll(outDir) {
  return Promise.all(
    publishedPackages().map(async ({ name, dir }) => {
      const { stdout } = await promisify(execFile)(
        'npm',
        ['pack', '--json', '--pack-destination', outDir],
        { cwd: dir, maxBuffer: 64 * 1024 * 1024 },
      );
      const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
      return {
        name,
        dir,
        tarball: join(outDir, info.filename),
        files: info.files.map((f) => f.path),
      };
    }),
  );
}

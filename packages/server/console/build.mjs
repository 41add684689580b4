// Rollup plugin for the operator console: emits console.css under a hashed name and writes
// index.html pointing at the hashed script and stylesheet (the page itself has no inline code,
// so the server's CSP can forbid inline script and style).
import { readFileSync, rmSync } from 'node:fs';

export function consolePage({ html, css }) {
  let styleRef;
  return {
    name: 'questboard-console-page',
    buildStart() {
      this.addWatchFile(html);
      this.addWatchFile(css);
      styleRef = this.emitFile({
        type: 'asset',
        name: 'console.css',
        source: readFileSync(css, 'utf8'),
      });
    },
    // Hashed names change with every edit: clear the old build so no stale file ships.
    renderStart(output) {
      if (output.dir) rmSync(output.dir, { recursive: true, force: true });
    },
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry);
      if (!entry) this.error('the console build has no entry chunk');
      const page = readFileSync(html, 'utf8')
        .replace('%SCRIPT%', `./${entry.fileName}`)
        .replace('%STYLE%', `./${this.getFileName(styleRef)}`);
      this.emitFile({ type: 'asset', fileName: 'index.html', source: page });
    },
  };
}

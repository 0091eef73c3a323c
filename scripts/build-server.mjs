/**
 * Builds the server and command line into dist/ (run by `npm ci` through `prepare`, and by
 * `npm test`): one ES module per command. bin/omnipulse and
 * `npm start` run this JavaScript; nothing is transpiled at run time.
 *
 * The output sits one folder deep (dist/cli/), as deep as the sources (src/server/), so
 * paths built from import.meta.url (the web app's dist/, package data) resolve the same.
 */
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// zod is bundled: loaded as ~100 small modules it costs 80 ms of every start; the other
// packages stay imports (native code, package data read from their own folders).
const bundled = new Set(['zod']);
const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8'));
const external = Object.keys(dependencies).filter((name) => !bundled.has(name));

// A fresh folder: chunks are named by their hash, and old ones would pile up.
rmSync('dist/cli', { recursive: true, force: true });
await build({
  entryPoints: { omnipulse: 'src/cli.ts' },
  outdir: 'dist/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: true,
  // Less to parse at every start; names are kept (error and class names stay readable).
  minifyWhitespace: true,
  minifySyntax: true,
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});

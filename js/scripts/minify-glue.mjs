// Minifies the emscripten glue in place (node js/scripts/minify-glue.mjs FILE.mjs): emcc 3.1.6 only strips its
// whitespace, and the glue is part of the package's size budget (README "The package's size and speed"). Terser
// shortens the local names (about 13 KB gzipped down to 9 KB); property names stay, so Module["…"], the wasm
// imports and embind's named methods keep theirs. Run after every wasm link (wasm/CMakeLists.txt).
import { readFileSync, writeFileSync } from 'node:fs';
import { minify } from 'terser';

const file = process.argv[2];
if (!file) throw new Error('usage: node js/scripts/minify-glue.mjs FILE.mjs');
const result = await minify(readFileSync(file, 'utf8'), {
  module: true,
  compress: { passes: 2 },
  mangle: true,
  format: { comments: false },
});
writeFileSync(file, result.code);

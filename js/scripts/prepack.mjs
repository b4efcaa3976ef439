// npm pack / publish: copies into the package what has its one source elsewhere in the repository (the
// migrations, the sample school, the license texts), and checks the built module is there. `--clean` (postpack)
// removes the copies again, so the repository keeps one of each.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';

const pkg = new URL('../', import.meta.url);
const repo = new URL('../../', import.meta.url);
const copies = [
  ['demo/sample-school.json', 'sample-school.json'],
  ['LICENSE', 'LICENSE'],
  ['THIRD-PARTY-NOTICES.md', 'THIRD-PARTY-NOTICES.md'],
];
const migrations = readdirSync(new URL('migrations/', repo)).filter((name) => name.endsWith('.sql')).sort();

if (process.argv.includes('--clean')) {
  for (const [, to] of copies) rmSync(new URL(to, pkg), { force: true });
  rmSync(new URL('migrations/', pkg), { recursive: true, force: true });
} else {
  for (const file of ['dist/slotfit-core.mjs', 'dist/slotfit-core.wasm', 'dist/slotfit-core-embedded.js']) {
    if (!existsSync(new URL(file, pkg))) throw new Error(`prepack: js/${file} is missing; run make wasm-module first`);
  }
  for (const [from, to] of copies) copyFileSync(new URL(from, repo), new URL(to, pkg));
  rmSync(new URL('migrations/', pkg), { recursive: true, force: true });
  mkdirSync(new URL('migrations/', pkg));
  for (const name of migrations) copyFileSync(new URL(`migrations/${name}`, repo), new URL(`migrations/${name}`, pkg));
}

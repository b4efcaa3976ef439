#!/usr/bin/env node
// slotfit-migrations [--out DIR]: writes the package's Supabase migrations (the tables, row-level security and the
// two functions the data layer calls) into DIR, by default supabase/migrations, for `supabase db push`.
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const usage = 'usage: slotfit-migrations [--out DIR]   (default DIR: supabase/migrations)';
const args = process.argv.slice(2);
let out = path.join('supabase', 'migrations');
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--out' && i + 1 < args.length) {
    out = args[i + 1];
    i += 1;
  } else if (args[i].startsWith('--out=')) {
    out = args[i].slice('--out='.length);
  } else if (args[i] === '--help' || args[i] === '-h') {
    console.log(usage);
    process.exit(0);
  } else {
    console.error(`slotfit-migrations: unknown argument ${JSON.stringify(args[i])}\n${usage}`);
    process.exit(2);
  }
}

const source = fileURLToPath(new URL('../migrations/', import.meta.url));
const names = readdirSync(source).filter((name) => name.endsWith('.sql')).sort();
if (names.length === 0) {
  console.error(`slotfit-migrations: no migrations in ${source}; this copy of the package is incomplete`);
  process.exit(1);
}
const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
mkdirSync(out, { recursive: true });
// The files are safe to re-run and keep their names (a timestamp prefix each), so writing them again is harmless.
for (const name of names) copyFileSync(path.join(source, name), path.join(out, name));
console.log(`slotfit ${version}: wrote ${names.length} migrations to ${out}:`);
for (const name of names) console.log(`  ${name}`);

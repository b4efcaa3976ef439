// The server consumer every bundler builds for Node: the probe, payload read from the file named on the command line.
import { readFileSync } from 'node:fs';

import * as slotfit from 'slotfit';

import { probe } from './probe.js';

const [file, candidate, worker] = process.argv.slice(2);
probe(slotfit, JSON.parse(readFileSync(file, 'utf8')), JSON.parse(candidate), { worker: worker === 'worker' })
  .then((result) => console.log(JSON.stringify(result)));

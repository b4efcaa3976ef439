// The browser consumer every bundler builds: the probe on the page (an engine and a worker engine), or, with
// "errors" in the hash, what createEngine and createWorkerEngine say when their files are not where they look.
import * as slotfit from 'slotfit';

import { probe } from './probe.js';

const question = JSON.parse(decodeURIComponent(window.location.hash.slice(1)));

async function errors() {
  const messages = {};
  await slotfit.createEngine().then(() => { messages.engine = 'loaded'; }, (e) => { messages.engine = e.message; });
  await slotfit.createWorkerEngine().then(() => { messages.worker = 'started'; }, (e) => { messages.worker = e.message; });
  return messages;
}

async function answer() {
  if (question.errors) return errors();
  const payload = await (await fetch(new URL('./sample-school.json', window.location.href))).json();
  return probe(slotfit, payload, question.candidate, { worker: true });
}

answer().then((result) => { window.probeResult = result; }, (error) => { window.probeResult = { error: String(error?.message ?? error) }; });

'use client';
// A client component: the engine (and a Web Worker engine) in the browser, the .wasm and worker emitted by Next.
import { useEffect, useState } from 'react';
import * as slotfit from 'slotfit';
import payload from 'slotfit/sample-school.json';

import { candidate } from './candidate.js';
import { probe } from './probe.js';

export default function ClientProbe() {
  const [text, setText] = useState('');
  useEffect(() => {
    probe(slotfit, payload, candidate, { worker: true })
      .then((result) => setText(JSON.stringify(result)), (error) => setText(JSON.stringify({ error: String(error?.message ?? error) })));
  }, []);
  return <pre id="client">{text}</pre>;
}

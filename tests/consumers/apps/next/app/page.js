// A server component: the engine runs on the server at request time, with no configuration.
import * as slotfit from 'slotfit';
import payload from 'slotfit/sample-school.json';

import { candidate } from './candidate.js';
import ClientProbe from './client-probe.js';
import { probe } from './probe.js';

export const dynamic = 'force-dynamic';

export default async function Page() {
  const result = await probe(slotfit, payload, candidate);
  return (
    <main>
      <pre id="server">{JSON.stringify(result)}</pre>
      <ClientProbe />
    </main>
  );
}

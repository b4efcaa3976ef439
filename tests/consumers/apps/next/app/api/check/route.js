// A route handler: the engine on the server, no configuration.
import * as slotfit from 'slotfit';
import payload from 'slotfit/sample-school.json';

import { candidate } from '../../candidate.js';
import { probe } from '../../probe.js';

export const dynamic = 'force-dynamic';

export async function GET() {
  return Response.json(await probe(slotfit, payload, candidate));
}

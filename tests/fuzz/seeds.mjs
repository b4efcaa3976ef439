// Writes the starting corpus of each fuzz target into OUT_DIR/<target>/, from the fixtures:
//   payload  every payload fixture and the text of every bad-payloads.json case
//   changes  change lists built from minimal.json's sessions: moves (text and minute times), removals,
//            placeholders, additions, and a batch of them all
//   queries  for each fixture the queries target loads (byte 0 picks it), plausible checks and maps
//            of every student, one auto-schedule, and the same behind a policy
// Usage: node tests/fuzz/seeds.mjs OUT_DIR
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { badPayloadText, fixture, readFixture } from '../js/support/slotfit.mjs';

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node tests/fuzz/seeds.mjs OUT_DIR');
  process.exit(2);
}

function write(target, name, content) {
  const dir = path.join(outDir, target);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, name), content);
}

const payloadFixtures = ['minimal.json', 'sample-school.json', 'sample-tight.json'];
for (const name of payloadFixtures) write('payload', name, readFixture(name));
// The fuzz runs cap inputs at 128 KiB (run.sh's -max_len); a longer case would only be cut into junk.
for (const c of fixture('bad-payloads.json')) {
  const text = badPayloadText(c);
  if (text.length <= 128 * 1024) write('payload', `bad-${c.name}.json`, text);
}

const minimal = fixture('minimal.json');
const all = [];
minimal.sessions.forEach((s, i) => {
  const moved = { ...s, day_of_week: (i % 5) + 1, start_time: 600 + 30 * i, end_time: 630 + 30 * i };
  const placeholder = { ...s, day_of_week: null, start_time: null, end_time: null };
  write('changes', `move-${s.id}.json`, JSON.stringify([moved]));
  write('changes', `move-text-${s.id}.json`, JSON.stringify([{ op: 'upsert', ...s, start_time: '11:00', end_time: '11:45' }]));
  write('changes', `remove-${s.id}.json`, JSON.stringify([{ op: 'remove', id: s.id }]));
  write('changes', `placeholder-${s.id}.json`, JSON.stringify([placeholder]));
  write('changes', `add-after-${s.id}.json`, JSON.stringify([{ ...moved, id: `${s.id}-copy` }]));
  all.push(moved, { op: 'remove', id: s.id }, { ...s, id: `${s.id}-again` });
});
write('changes', 'batch.json', JSON.stringify(all));
write('changes', 'empty.json', '[]');

// A query: op byte (low three bits pick the query; the higher ones clear: plausible arguments), then student,
// day, start (2 bytes), minutes, ignore: the layout queries_target.cpp reads.
function query(op, student, day, start, minutes, ignore) {
  return [op, student, day, start & 0xff, start >> 8, minutes, ignore];
}
payloadFixtures.forEach((name, which) => {
  const students = fixture(name).students.length;
  const bytes = [which];
  for (let s = 0; s < students && s < 40; s += 1) {
    bytes.push(...query(0, s + 1, (s % 5) + 1, 20 + 540 + 15 * (s % 20), 5 + 30, 0));
    bytes.push(...query(1, s + 1, 0, 0, 5 + 30, 0));
  }
  bytes.push(...query(2, 0, 0, 0, 0, 2), ...query(4, 0, 0, 0, 0, 0), 1);
  write('queries', `${name}.bin`, Buffer.from(bytes));
  // The same with a policy: capacity 3, ladder [2, 3], consecutive 45, break 15, step 10, window 08:30-14:00,
  // class periods "period *".
  const pattern = [...Buffer.from('period *')];
  const policy = [which | 0x80, 3, 2, 2, 3, 45, 0, 15, 0, 10, 510 & 0xff, 510 >> 8, 840 & 0xff, 840 >> 8,
    pattern.length, ...pattern];
  write('queries', `${name}-policy.bin`, Buffer.from([...policy, ...bytes.slice(1)]));
});

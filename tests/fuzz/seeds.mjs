// Writes the starting corpus of each fuzz target into OUT_DIR/<target>/, from the fixtures:
//   payload  every payload fixture and the text of every bad-payloads.json case
//   changes  change lists built from minimal.json's sessions: moves (text and minute times), removals,
//            placeholders, additions, and a batch of them all
//   queries  for each fixture the queries target loads (byte 0 picks it), plausible checks and maps
//            of every student, one auto-schedule, and the same behind a policy; then group queries and
//            binding rows of every session and student (byte 0 bit 6)
//   groups   payload NUL changes NUL queries: every case of group-labels.json (its sessions before, its save),
//            the fixtures with a move of a grouped session, and rows-for.json's payload
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
const minutes = (hhmm) => (typeof hhmm === 'number' ? hhmm : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)));
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
// Two of minimal.json's sessions moved into one slot, labelled, then one moved out again: the label rule's paths.
const [first, second] = minimal.sessions;
const together = { day_of_week: 2, start_time: 600, end_time: 630 };
write('changes', 'group-two.json', JSON.stringify([{ ...first, ...together, group_ref: 'g-fuzz' }, { ...second, ...together }]));
write('changes', 'group-split.json', JSON.stringify([{ ...first, ...together, group_ref: 'g-fuzz' },
  { ...second, ...together, group_ref: 'g-other' }, { ...second, start_time: 700, end_time: 730 }]));
write('changes', 'empty.json', '[]');

// A query: op byte (low three bits pick the query; the higher ones clear: plausible arguments), then student,
// day, start (2 bytes), minutes, ignore: the layout queries_target.cpp reads.
function query(op, student, day, start, minutes, ignore) {
  return [op, student, day, start & 0xff, start >> 8, minutes, ignore];
}
// The first byte of a queries seed: `flags` (0x80: a policy follows, 0x40: group queries) and the fixture `which`.
// queries_target.cpp picks the fixture as the whole byte modulo the fixture count, flags included, so `which | flags`
// would load another fixture than the one the seed is named after and its queries were made for.
function headByte(which, flags) {
  for (let low = 0; low < 0x40; low += 1) {
    if ((flags | low) % payloadFixtures.length === which) return flags | low;
  }
  throw new Error(`no first byte picks fixture ${which} with flags ${flags}`);
}
payloadFixtures.forEach((name, which) => {
  const students = fixture(name).students.length;
  const bytes = [headByte(which, 0)];
  for (let s = 0; s < students && s < 40; s += 1) {
    bytes.push(...query(0, s + 1, (s % 5) + 1, 20 + 540 + 15 * (s % 20), 5 + 30, 0));
    bytes.push(...query(1, s + 1, 0, 0, 5 + 30, 0));
  }
  bytes.push(...query(2, 0, 0, 0, 0, 2), ...query(4, 0, 0, 0, 0, 0), 1);
  write('queries', `${name}.bin`, Buffer.from(bytes));
  // The same with a policy: capacity 3, ladder [2, 3], consecutive 45, break 15, step 10, window 08:30-14:00,
  // class periods "period *".
  const pattern = [...Buffer.from('period *')];
  const policy = [headByte(which, 0x80), 3, 2, 2, 3, 45, 0, 15, 0, 10, 510 & 0xff, 510 >> 8, 840 & 0xff, 840 >> 8,
    pattern.length, ...pattern];
  write('queries', `${name}-policy.bin`, Buffer.from([...policy, ...bytes.slice(1)]));
  // Group queries (op bit 0 clear: session, day, start as two bytes) of every session at its own day and a
  // start nearby, then the binding rows of every student (op 1).
  const { sessions } = fixture(name);
  const group = [headByte(which, 0x40)];
  sessions.slice(0, 40).forEach((s, i) => {
    const start = (s.start_time ? minutes(s.start_time) : 600) + 5 * (i % 4) + 20;
    group.push(0, i + 1, s.day_of_week ?? 1, start & 0xff, start >> 8);
  });
  for (let s = 0; s < students && s < 40; s += 1) group.push(1, s + 1);
  write('queries', `${name}-groups.bin`, Buffer.from(group));
});

// groups: payload, NUL, changes, NUL, queries (op 0: a group query of session, day, start; op 1: rows of a
// student; op 2: a join map; op 3: auto-schedule with a strategy byte).
const NUL = Buffer.from([0]);
function groupsInput(payload, changes, queries) {
  return Buffer.concat([Buffer.from(JSON.stringify(payload)), NUL, Buffer.from(JSON.stringify(changes)), NUL,
    Buffer.from(queries)]);
}
function groupQueries(sessionCount, studentCount, strategy) {
  const out = [];
  for (let i = 0; i < sessionCount && i < 16; i += 1) out.push(0, i + 1, 1 + (i % 5), 600 & 0xff, 600 >> 8);
  for (let s = 0; s < studentCount && s < 8; s += 1) out.push(1, s + 1);
  out.push(2, 1, 35, 3, strategy);
  return out;
}
const labels = fixture('group-labels.json');
labels.cases.forEach((c, i) => {
  // minimal.json with the fixture's students and the case's sessions, as tests/cpp/group_labels_test.cpp builds it.
  const payload = { ...minimal, protected_times: [], other_provider_sessions: [], sessions: c.before,
    students: labels.students.map((s) => ({ ...s, teacher_id: null, teacher_name: null, child_id: null,
      sessions_per_week: 2, minutes_per_session: 30 })) };
  write('groups', `labels-${c.name}.bin`, groupsInput(payload, c.save, groupQueries(c.before.length, 10, i % 4)));
});
for (const name of payloadFixtures) {
  const payload = fixture(name);
  const placed = payload.sessions.filter((s) => s.day_of_week !== null);
  // The first placed session moved onto the second's slot (joining it), and the third removed.
  const changes = placed.length >= 3
    ? [{ ...placed[0], day_of_week: placed[1].day_of_week, start_time: placed[1].start_time, end_time: placed[1].end_time,
      delivered_by: placed[1].delivered_by, assigned_to_sea_id: placed[1].assigned_to_sea_id,
      assigned_to_specialist_id: placed[1].assigned_to_specialist_id }, { op: 'remove', id: placed[2].id }]
    : [];
  write('groups', `${name}.bin`, groupsInput(payload, changes, groupQueries(payload.sessions.length, payload.students.length, 1)));
}
write('groups', 'rows-for.bin', groupsInput(fixture('rows-for.json').payload, [], groupQueries(0, 3, 0)));

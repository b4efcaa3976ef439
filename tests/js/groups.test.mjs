// Groups through the package: engine.groups() against the native CLI and by hand, the group label rule of
// tests/fixtures/group-labels.json through applyChanges (the same cases drive apply_schedule's SQL test), and the
// Worker twin.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { fixture, nativeCli, readFixture, requireBuiltWasm, runCli } from './support/slotfit.mjs';
import { withTwins } from './support/twins.mjs';

requireBuiltWasm();
const { CONFLICT_KINDS, createEngine, toMinutes } = await import('../../js/node.js');

const sample = fixture('sample-school.json');
const labels = fixture('group-labels.json');
const minimal = fixture('minimal.json');

// minimal.json with the label fixture's students and one case's sessions.
function labelPayload(sessions) {
  return {
    ...minimal,
    students: labels.students.map((s) => ({
      id: s.id, initials: s.initials, grade_level: s.grade_level, teacher_id: null, teacher_name: null, child_id: null,
      sessions_per_week: 2, minutes_per_session: 30,
    })),
    sessions,
    protected_times: [],
    other_provider_sessions: [],
  };
}


// The groups of a payload's sessions, worked out here from the rows: same day, start, end and deliverer.
function groupsByHand(sessions) {
  const bySlot = new Map();
  for (const s of sessions) {
    if (s.day_of_week === null) continue;
    const key = JSON.stringify([s.day_of_week, toMinutes(s.start_time), toMinutes(s.end_time), s.delivered_by,
      s.assigned_to_sea_id, s.assigned_to_specialist_id]);
    if (!bySlot.has(key)) bySlot.set(key, []);
    bySlot.get(key).push(s);
  }
  return [...bySlot.values()].filter((members) => members.length >= 2);
}

describe('engine.groups()', () => {
  let engine;
  before(async () => { engine = await createEngine(); });
  after(() => engine.dispose());

  test('the sample school: every group of two or more, ordered, with its members and label', () => {
    engine.load(sample);
    const groups = engine.groups();
    const expected = groupsByHand(sample.sessions);
    assert.ok(expected.length >= 3, 'the sample has groups');
    assert.equal(groups.length, expected.length);
    groups.forEach((g, i) => assert.equal(g.id, i));
    for (let i = 1; i < groups.length; i += 1) {
      const [a, b] = [groups[i - 1], groups[i]];
      assert.ok(a.day < b.day || (a.day === b.day && (a.start < b.start || (a.start === b.start && a.end <= b.end))),
        `group ${i} is out of order`);
    }
    const found = new Map(groups.map((g) => [g.sessionIds.join(','), g]));
    for (const members of expected) {
      const g = found.get(members.map((s) => s.id).join(','));
      assert.ok(g !== undefined, `no group of ${members.map((s) => s.id)}`);
      assert.deepEqual(g.studentIds, members.map((s) => s.student_id));
      assert.equal(g.day, members[0].day_of_week);
      assert.equal(g.start, toMinutes(members[0].start_time));
      assert.equal(g.end, toMinutes(members[0].end_time));
      const refs = members.map((s) => s.group_ref).filter((r) => r !== null);
      if (new Set(refs).size <= 1) assert.equal(g.groupRef, refs[0] ?? null);
    }
  });

  test('the same groups as `slotfit groups` (skipped when build/core/slotfit is missing)', (t) => {
    const cli = nativeCli();
    if (cli === null) return t.skip('native CLI not built (make native, or set SLOTFIT_CLI)');
    engine.load(sample);
    const native = JSON.parse(runCli(cli, ['groups', '-'], readFixture('sample-school.json')));
    assert.deepEqual(engine.groups(), native.map((g) => ({
      id: g.id, day: g.day, start: g.start, end: g.end, sessionIds: g.session_ids, studentIds: g.student_ids,
      groupRef: g.group_ref,
    })));
  });

  test('a group moved in one applyChanges call stays one group with its label', () => {
    engine.load(sample);
    const [first] = engine.groups();
    const rows = sample.sessions.filter((s) => first.sessionIds.includes(s.id));
    const moved = rows.map((s) => ({ ...s, day_of_week: 5, start_time: 13 * 60 + 5, end_time: 13 * 60 + 5 + first.end - first.start }));
    engine.applyChanges(moved);
    const at = engine.groups().find((g) => g.day === 5 && g.start === 13 * 60 + 5);
    assert.ok(at !== undefined, 'the moved group');
    assert.deepEqual(at.sessionIds.toSorted(), first.sessionIds.toSorted());
    assert.equal(at.groupRef, first.groupRef);
  });
});

describe('a whole group: check({groupOf}) and conflictMap({groupOf})', () => {
  let engine;
  before(async () => { engine = await createEngine(); engine.load(sample); });
  after(() => engine.dispose());

  test('the group map agrees with the group check at every start, and conflicts name their member', () => {
    const groups = engine.groups();
    let conflicting = 0;
    for (const g of groups.slice(0, 4)) {
      const map = engine.conflictMap({ groupOf: g.sessionIds[1] });
      assert.equal(map.joins.length, map.kinds.length);
      for (let d = 0; d < map.days.length; d += 1) {
        for (let s = 0; s < map.starts.length; s += 3) {
          const conflicts = engine.check({ groupOf: g.sessionIds[0], day: map.days[d], start: map.starts[s] });
          let mask = 0;
          for (const c of conflicts) {
            mask |= 1 << CONFLICT_KINDS.indexOf(c.kind);
            if (c.kind === 'off-day' || c.kind === 'capacity') assert.equal(c.studentId, null, c.message);
            else assert.ok(g.studentIds.includes(c.studentId), `${c.kind} names ${c.studentId}, no member`);
          }
          assert.equal(mask >>> 0, map.kinds[d * map.starts.length + s], `day ${map.days[d]} start ${map.starts[s]}`);
          conflicting += conflicts.length > 0 ? 1 : 0;
        }
      }
      // Its own start is free of its own sessions: nothing of the members' own kinds or capacity from itself.
      const here = engine.check({ groupOf: g.sessionIds[0], day: g.day, start: g.start });
      assert.ok(!here.some((c) => c.kind === 'student-overlap'), JSON.stringify(here));
    }
    assert.ok(conflicting > 0);
    assert.throws(() => engine.check({ groupOf: 'no-such-session', day: 1, start: 540 }), RangeError);
    assert.throws(() => engine.check({ groupOf: groups[0].sessionIds[0], day: 9, start: 540 }), RangeError);
  });

  test('a single session: check().joins and conflictMap().joins name the group a drop would join', () => {
    const groups = engine.groups();
    const byId = new Map(sample.sessions.map((s) => [s.id, s]));
    const providers = (s) => s.delivered_by === 'provider' && s.assigned_to_sea_id === null
      && s.assigned_to_specialist_id === null;
    const g = groups.find((x) => providers(byId.get(x.sessionIds[0])));
    const length = g.end - g.start;
    const outsider = sample.sessions.find((s) => s.day_of_week !== null && !g.sessionIds.includes(s.id)
      && providers(s) && toMinutes(s.end_time) - toMinutes(s.start_time) === length);
    assert.ok(outsider !== undefined);
    const drop = engine.check({ studentId: outsider.student_id, day: g.day, start: g.start, minutes: length,
      ignoreSessionId: outsider.id });
    assert.deepEqual({ ...drop.joins }, { groupId: g.id, sessionIds: g.sessionIds, studentIds: g.studentIds, groupRef: g.groupRef });
    assert.equal(engine.check({ studentId: outsider.student_id, day: g.day, start: g.start + 5, minutes: length,
      ignoreSessionId: outsider.id }).joins, null, 'overlapping is not joining');
    assert.equal(engine.check({ studentId: outsider.student_id, day: g.day, start: g.start, minutes: length + 5,
      ignoreSessionId: outsider.id }).joins, null, 'another end');
    // A member at its own group's start: the others.
    const own = engine.check({ studentId: g.studentIds[0], day: g.day, start: g.start, minutes: length,
      ignoreSessionId: g.sessionIds[0] });
    assert.deepEqual(own.joins.sessionIds, g.sessionIds.slice(1));

    const map = engine.conflictMap({ sessionId: outsider.id });
    const cells = [];
    map.joins.forEach((j, i) => { if (j >= 0) cells.push(i); });
    assert.ok(cells.length >= 1);
    for (const i of cells) {
      const day = map.days[Math.floor(i / map.starts.length)];
      const start = map.starts[i % map.starts.length];
      const joined = groups[map.joins[i]];
      assert.deepEqual([joined.day, joined.start, joined.end - joined.start], [day, start, length]);
      assert.equal(engine.check({ studentId: outsider.student_id, day, start, minutes: length, ignoreSessionId: outsider.id })
        .joins.groupId, map.joins[i]);
    }
    const gCell = map.days.indexOf(g.day) * map.starts.length + map.starts.indexOf(g.start);
    assert.equal(map.joins[gCell], g.id);
    // A group's own map leaves its own group out.
    const groupMap = engine.conflictMap({ groupOf: g.sessionIds[0] });
    assert.equal(groupMap.joins[gCell], -1);
  });
});

describe('the group label rule (tests/fixtures/group-labels.json)', () => {
  let engine;
  before(async () => { engine = await createEngine(); });
  after(() => engine.dispose());

  test('every case', () => {
    assert.ok(labels.cases.length >= 25);
    for (const c of labels.cases) {
      engine.load(labelPayload(c.before));
      const before = new Map(c.before.map((s) => [s.id, s.group_ref]));
      const { relabelled } = engine.applyChanges(c.save);
      // What each session says after the save: its row as saved (or loaded), then what the rule relabelled.
      const now = new Map(before);
      for (const row of c.save) {
        if (row.op === 'remove') now.delete(row.id);
        else now.set(row.id, row.group_ref ?? null);
      }
      for (const { sessionId, groupRef } of relabelled) {
        assert.ok(now.has(sessionId), `${c.name}: relabelled ${sessionId}, which is not live`);
        assert.notEqual(now.get(sessionId), groupRef, `${c.name}: ${sessionId} reported, but its row said the same`);
        now.set(sessionId, groupRef);
      }
      assert.deepEqual(Object.fromEntries(now), c.after, c.name);
      // And as groups() reports them.
      for (const g of engine.groups()) {
        for (const id of g.sessionIds) assert.equal(g.groupRef, c.after[id], `${c.name}: group of ${id}`);
      }
    }
  });
});

describe('worker', () => {
  test('groups() and the relabelled sessions through the worker', async () => {
    await withTwins(sample, async ({ worker, local }) => {
      assert.deepEqual(await worker.groups(), local.groups());
      const [g] = local.groups();
      const single = { studentId: g.studentIds[0], day: g.day, start: g.start, minutes: g.end - g.start,
        ignoreSessionId: g.sessionIds[0] };
      const remoteCheck = await worker.check(single);
      assert.deepEqual(remoteCheck, local.check(single));
      assert.equal(remoteCheck.joins.groupId, g.id, 'joins crosses the worker boundary');
      const move = { groupOf: g.sessionIds[0], day: 1, start: 600 };
      assert.deepEqual(await worker.check(move), local.check(move));
      assert.deepEqual(await worker.conflictMap({ groupOf: g.sessionIds[0] }), local.conflictMap({ groupOf: g.sessionIds[0] }));
      const join = labels.cases.find((c) => c.name === 'an-explicit-label-wins-on-a-join');
      await worker.load(labelPayload(join.before));
      local.load(labelPayload(join.before));
      const remote = await worker.applyChanges(join.save);
      assert.deepEqual(remote, { ...local.applyChanges(join.save), loadMs: remote.loadMs });
      assert.equal(remote.relabelled.length, 3);
      assert.deepEqual(await worker.groups(), local.groups());
    });
  });
});

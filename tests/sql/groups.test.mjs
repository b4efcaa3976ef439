// Groups in the database: apply_schedule applies the group label rule in the save's own transaction, case by case
// as tests/fixtures/group-labels.json states it (the engine runs the same file), and a group moved in one save is
// one transaction with one answer and one new data_version.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freshDatabase, asProvider, batch, apply, pgError } from './lib/db.mjs';
import { schools } from './lib/ids.mjs';
import { repoRoot } from './lib/contract.mjs';

const fixture = JSON.parse(readFileSync(path.join(repoRoot, 'tests/fixtures/group-labels.json'), 'utf8'));
// The provider of the fixture's week: a new speech provider at Maple Grove, the fixture's students theirs.
const G = '10000000-0000-4000-8000-0000000006a0';

let db;
let client;

before(async () => {
  db = await freshDatabase('groups');
  client = await db.connect();
  const people = [[G, 'speech'], ...fixture.assignees.map((a) => [a.id, a.role])];
  for (const [id, role] of people) {
    await client.query("insert into auth.users (id, email) values ($1::uuid, $1::text || '@example.invalid')", [id]);
    await client.query('insert into public.profiles (id, role) values ($1, $2)', [id, role]);
    // An assignee must serve at the student's school.
    await client.query('insert into public.provider_schools (provider_id, school_id, school_site) values ($1, $2, $3)',
      [id, schools.maple.id, schools.maple.site]);
  }
  for (const s of fixture.students) {
    await client.query(`insert into public.students (id, provider_id, initials, grade_level, school_id, school_site)
      values ($1, $2, $3, $4, $5, $6)`, [s.id, G, s.initials, s.grade_level, schools.maple.id, schools.maple.site]);
  }
});
after(async () => db?.drop());

const readG = () => batch(client, G, schools.maple.site, schools.maple.id);

// The week of a case, written as the back office would (the label rule is apply_schedule's, not the table's).
async function setWeek(rows) {
  await client.query('delete from public.schedule_sessions where provider_id = $1', [G]);
  for (const r of rows) {
    await client.query(`insert into public.schedule_sessions (id, provider_id, student_id, day_of_week, start_time, end_time,
        service_type, delivered_by, assigned_to_sea_id, assigned_to_specialist_id, status, group_ref)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [r.id, G, r.student_id, r.day_of_week, r.start_time, r.end_time, r.service_type, r.delivered_by,
      r.assigned_to_sea_id, r.assigned_to_specialist_id, r.status, r.group_ref]);
  }
}

async function liveLabels() {
  const { rows } = await client.query(`select id, group_ref from public.schedule_sessions
    where provider_id = $1 and session_date is null and deleted_at is null order by id`, [G]);
  return Object.fromEntries(rows.map((r) => [r.id, r.group_ref]));
}

test('the fixture has cases for each part of the rule', () => {
  assert.ok(fixture.cases.length >= 20, `${fixture.cases.length} cases`);
  assert.ok(fixture.cases.some((c) => c.save.some((r) => r.op === 'remove')));
  assert.ok(fixture.cases.some((c) => c.save.some((r) => r.day_of_week === null)));
  assert.ok(fixture.cases.some((c) => c.save.some((r) => r.delivered_by !== 'provider')));
});

for (const c of fixture.cases) {
  test(`group labels: ${c.name}`, async () => {
    await setWeek(c.before);
    const { data_version: v } = await readG();
    const answer = await apply(client, G, c.save, v, randomUUID());
    assert.equal(answer.ids.length, c.save.length);
    assert.deepEqual(await liveLabels(), Object.fromEntries(Object.entries(c.after).sort(([a], [b]) => (a < b ? -1 : 1))));
    // The payload hands out what the table holds.
    const p = await readG();
    for (const s of p.sessions) assert.equal(s.group_ref, c.after[s.id], s.id);
  });
}

const byId = (rows) => Object.fromEntries(rows.map((r) => [r.id, r]));
const sessionRows = async (ids) => byId((await client.query(`select id, day_of_week, start_time::text, end_time::text,
    group_ref, updated_by, last_request_id, template_version::int, xmin::text as tx
  from public.schedule_sessions where id = any($1::uuid[])`, [ids])).rows);

test('write-back: a group moved in one save is one transaction, one answer, one new data_version', async () => {
  const week = fixture.cases[0].before;
  await setWeek(week);
  const group = week.filter((r) => r.group_ref === 'grp-a');
  assert.equal(group.length, 3);
  const ids = group.map((r) => r.id);
  const read = await readG();
  const requestId = randomUUID();
  const moved = group.map((r) => ({ ...r, day_of_week: 3, start_time: '13:00', end_time: '13:30' }));
  const answer = await apply(client, G, moved, read.data_version, requestId);
  assert.deepEqual({ ...answer, data_version: null }, { data_version: null, ids, inserted: 0, updated: 3, removed: 0 });
  const t0 = Number(/^t(\d+)\./.exec(read.data_version)[1]);
  assert.equal(answer.data_version, read.data_version.replace(/^t\d+/, `t${t0 + 1}`), 'one step, the other parts as read');
  assert.equal((await readG()).data_version, answer.data_version, 'the next read hands out the answer\'s version');
  const rows = await sessionRows(ids);
  assert.equal(new Set(Object.values(rows).map((r) => r.tx)).size, 1, 'written by one transaction');
  for (const id of ids) {
    assert.deepEqual({ ...rows[id], tx: null }, { id, day_of_week: 3, start_time: '13:00:00', end_time: '13:30:00',
      group_ref: 'grp-a', updated_by: G, last_request_id: requestId, template_version: t0 + 1, tx: null });
  }
  // Retried: the same answer, nothing written again.
  assert.deepEqual(await apply(client, G, moved, read.data_version, requestId), answer);
  assert.equal(new Set(Object.values(await sessionRows(ids)).map((r) => r.tx)).size, 1);
});

test('write-back: a group move that fails on one member writes none of them', async () => {
  const week = fixture.cases[0].before;
  await setWeek(week);
  const group = week.filter((r) => r.group_ref === 'grp-b');
  const before = await sessionRows(group.map((r) => r.id));
  const { data_version: v } = await readG();
  const rows = group.map((r, i) => ({ ...r, day_of_week: 5, start_time: '10:00', end_time: i === group.length - 1 ? '09:00' : '10:30' }));
  const err = await pgError(apply(client, G, rows, v, randomUUID()));
  assert.equal(err.code, '23514');
  assert.match(err.message, new RegExp(`row ${group.length - 1} \\(id ${group.at(-1).id}\\)`));
  assert.deepEqual(await sessionRows(group.map((r) => r.id)), before);
  assert.equal((await readG()).data_version, v);
});

test('write-back: members relabelled without being saved carry the save\'s request, so a listener knows the change is that save\'s', async () => {
  const c = fixture.cases.find((x) => x.name === 'a-labelled-single-joins-an-unlabelled-group');
  assert.ok(c, 'the fixture case is there');
  await setWeek(c.before);
  const { data_version: v } = await readG();
  const requestId = randomUUID();
  await apply(client, G, c.save, v, requestId);
  const savedIds = new Set(c.save.map((r) => r.id));
  const relabelled = c.before.filter((r) => !savedIds.has(r.id) && c.after[r.id] !== r.group_ref).map((r) => r.id);
  assert.ok(relabelled.length > 0, 'the case relabels members nobody saved');
  const rows = await sessionRows(relabelled);
  for (const id of relabelled) {
    assert.deepEqual([rows[id].group_ref, rows[id].last_request_id, rows[id].updated_by], [c.after[id], requestId, G]);
  }
  const untouched = c.before.filter((r) => !savedIds.has(r.id) && c.after[r.id] === r.group_ref).map((r) => r.id);
  for (const r of Object.values(await sessionRows(untouched))) assert.equal(r.last_request_id, null, r.id);
});

// Every column of a session row except the label and the four that say who last changed it and when.
const allColumns = async (ids) => byId((await client.query(`select to_jsonb(s) - 'xmin' as r from public.schedule_sessions s
  where s.id = any($1::uuid[])`, [ids])).rows.map((x) => x.r));
const STAMPS = ['group_ref', 'updated_by', 'last_request_id', 'template_version', 'updated_at'];
const without = (row, keys) => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

test('a relabel by another member\'s save changes the label and the stamps only: conflict, status and the rest stay', async () => {
  const c = fixture.cases.find((x) => x.name === 'a-labelled-single-joins-an-unlabelled-group');
  await setWeek(c.before);
  const savedIds = new Set(c.save.map((r) => r.id));
  const relabelled = c.before.filter((r) => !savedIds.has(r.id) && c.after[r.id] !== r.group_ref).map((r) => r.id);
  assert.ok(relabelled.length > 0, 'the case relabels members nobody saved');
  // The members nobody saves carry an override the provider accepted earlier.
  await client.query(`update public.schedule_sessions set has_conflict = true, status = 'needs_attention',
      conflict_reason = 'bell-schedule: Lunch', updated_at = now() - interval '1 hour' where id = any($1::uuid[])`, [relabelled]);
  const before = await allColumns(relabelled);
  const read = await readG();
  const t0 = Number(/^t(\d+)\./.exec(read.data_version)[1]);
  const requestId = randomUUID();
  await apply(client, G, c.save, read.data_version, requestId);
  const after = await allColumns(relabelled);
  for (const id of relabelled) {
    assert.deepEqual(without(after[id], STAMPS), without(before[id], STAMPS), `${id}: only the label and the stamps move`);
    assert.equal(after[id].has_conflict, true, id);
    assert.equal(after[id].group_ref, c.after[id], id);
    // The row changed in this save: who made it, which request, the template version the save ends at, and when.
    assert.deepEqual([after[id].updated_by, after[id].last_request_id, after[id].template_version], [G, requestId, t0 + 1], id);
    assert.ok(new Date(after[id].updated_at) > new Date(before[id].updated_at), `${id}: updated_at moves`);
  }
  // The payload shows the override still there (its sessions carry status, not has_conflict).
  const p = await readG();
  for (const id of relabelled) assert.equal(p.sessions.find((s) => s.id === id).status, 'needs_attention', id);
});

// apply_schedule's remove rows ({op: 'remove', id}): a soft delete of the caller's live template, undone by
// saving the same id again; counted in the answer, moving data_version, replayed by request id like any write.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { freshDatabase, batch, apply, pgError } from './lib/db.mjs';
import { users, students, sessions, schools } from './lib/ids.mjs';

let db;
let client;

before(async () => {
  db = await freshDatabase('remove');
  client = await db.connect();
});
after(async () => db?.drop());

const readA = () => batch(client, users.A, schools.maple.site, schools.maple.id);
const deletedAt = async (id) =>
  (await client.query('select deleted_at from public.schedule_sessions where id = $1', [id])).rows[0]?.deleted_at;
const snapshot = async () => (await client.query(
  `select (select json_agg(s order by s.id) from public.schedule_sessions s) sessions,
          (select json_agg(v order by v.provider_id) from public.schedule_versions v) versions,
          (select count(*) from public.schedule_write_requests) requests`)).rows[0];
const remove = (id) => ({ op: 'remove', id });

test('undo of an insert: the inserted row is removed and gone from the payload; the answer counts it', async () => {
  const id = randomUUID();
  const v0 = (await readA()).data_version;
  const inserted = await apply(client, users.A,
    [{ id, student_id: students.a3, day_of_week: 5, start_time: '08:00', end_time: '08:30' }], v0, randomUUID());
  const answer = await apply(client, users.A, [remove(id)], inserted.data_version, randomUUID());
  assert.deepEqual({ ...answer, data_version: null }, { data_version: null, ids: [id], inserted: 0, updated: 0, removed: 1 });
  assert.notEqual(answer.data_version, inserted.data_version, 'a remove moves data_version');
  const after = await readA();
  assert.equal(after.data_version, answer.data_version);
  assert.ok(!after.sessions.some((s) => s.id === id), 'the removed template is not handed out');
  assert.ok(await deletedAt(id), 'soft-deleted: the row stays with deleted_at set');
});

test('undo of a remove: saving the removed id again revives it with the saved fields', async () => {
  const v0 = (await readA()).data_version;
  const removed = await apply(client, users.A, [remove(sessions.a4Thu)], v0, randomUUID());
  assert.equal(removed.removed, 1);
  const revived = await apply(client, users.A,
    [{ id: sessions.a4Thu, student_id: students.a4, day_of_week: 4, start_time: '13:00', end_time: '13:30' }],
    removed.data_version, randomUUID());
  assert.deepEqual([revived.inserted, revived.updated, revived.removed], [0, 1, 0], 'a revive counts as an update');
  assert.notEqual(revived.data_version, removed.data_version);
  assert.equal(await deletedAt(sessions.a4Thu), null);
  const s = (await readA()).sessions.find((x) => x.id === sessions.a4Thu);
  assert.deepEqual([s.day_of_week, s.start_time, s.end_time], [4, '13:00:00', '13:30:00']);
});

test('one call mixes removes and saves: ids in input order, each kind counted', async () => {
  const v0 = (await readA()).data_version;
  const fresh = randomUUID();
  const answer = await apply(client, users.A, [
    { id: fresh, student_id: students.a3, day_of_week: 1, start_time: '08:00', end_time: '08:30' },
    remove(sessions.a2Tue),
    { id: sessions.a1Mon, student_id: students.a1, day_of_week: 1, start_time: '09:30', end_time: '10:00' },
  ], v0, randomUUID());
  assert.deepEqual({ ...answer, data_version: null },
    { data_version: null, ids: [fresh, sessions.a2Tue, sessions.a1Mon], inserted: 1, updated: 1, removed: 1 });
  assert.ok(await deletedAt(sessions.a2Tue));
});

test("a remove of another provider's session, an unknown id, a dated instance or a removed one is refused; nothing written", async () => {
  const v = (await readA()).data_version;
  const before = await snapshot();
  const cases = [
    ["B's session", remove(sessions.b1Mon), '42501', /no session of the caller has this id/],
    ['an unknown id (reads the same as B\'s)', remove(randomUUID()), '42501', /no session of the caller has this id/],
    ['a dated instance', remove(sessions.a2Dated), '22023', /not a live weekly template/],
    ['an already removed template', remove(sessions.a2Deleted), '22023', /already removed/],
    ['a remove with other keys', { ...remove(sessions.a4Thu), student_id: students.a4 }, '22023', /only op and id/],
    ['an op other than remove', { op: 'delete', id: sessions.a4Thu }, '22023', /op must be "remove"/],
    ['op not a string', { op: true, id: sessions.a4Thu }, '22023', /op must be "remove"/],
    ['no id', { op: 'remove' }, '22023', /id must be a uuid/],
  ];
  for (const [name, bad, code, message] of cases) {
    // The first row is good: the refusal undoes it too.
    const err = await pgError(apply(client, users.A, [remove(sessions.a1Placeholder), bad], v, randomUUID()));
    assert.equal(err.code, code, `${name}: ${err.code} ${err.message}`);
    assert.match(err.message, message, name);
  }
  const twice = await pgError(apply(client, users.A, [remove(sessions.a1Placeholder),
    { id: sessions.a1Placeholder, student_id: students.a1, day_of_week: null, start_time: null, end_time: null }], v, randomUUID()));
  assert.match(twice.message, /appears twice/);
  assert.deepEqual(await snapshot(), before, 'a refused call left a trace');
  const { rows } = await client.query('select deleted_at, provider_id from public.schedule_sessions where id = $1', [sessions.b1Mon]);
  assert.deepEqual(rows[0], { deleted_at: null, provider_id: users.B });
});

test('a remove with a stale data_version is refused with PT409', async () => {
  const stale = (await readA()).data_version;
  await apply(client, users.A, [{ id: randomUUID(), student_id: students.a3, day_of_week: 2, start_time: '14:00', end_time: '14:30' }],
    stale, randomUUID());
  const err = await pgError(apply(client, users.A, [remove(sessions.a1Placeholder)], stale, randomUUID()));
  assert.equal(err.code, 'PT409');
  assert.equal(await deletedAt(sessions.a1Placeholder), null);
});

test('a retried remove gets the first answer and writes nothing again', async () => {
  const id = randomUUID();
  const v0 = (await readA()).data_version;
  const ins = await apply(client, users.A, [{ id, student_id: students.a3, day_of_week: 3, start_time: '13:00', end_time: '13:30' }],
    v0, randomUUID());
  const requestId = randomUUID();
  const first = await apply(client, users.A, [remove(id)], ins.data_version, requestId);
  const removedAt = await deletedAt(id);
  const before = await snapshot();
  const again = await apply(client, users.A, [remove(id)], ins.data_version, requestId);
  assert.deepEqual(again, first);
  assert.deepEqual(await snapshot(), before);
  assert.deepEqual(await deletedAt(id), removedAt);
});

// Lock order of apply_schedule: two saves that run at once must never wait on each other in a cycle. Each test
// forces the interleaving that could close one (a third connection holds a row to pause a save at the point that
// matters) and checks that both saves complete with their own answers, or that the waiting one is refused at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { freshDatabase, batch, pgError } from './lib/db.mjs';
import { users, students, sessions, schools } from './lib/ids.mjs';

let db;
let client;

before(async () => {
  db = await freshDatabase('lock_order');
  client = await db.connect();
});
after(async () => db?.drop());

const versionOf = async (uid) => (await batch(client, uid, schools.maple.site, schools.maple.id)).data_version;
const slot = (day, start, end) => ({ day_of_week: day, start_time: start, end_time: end });

// A transaction on its own connection, as PostgREST opens one for uid (null: service_role), left open until
// finish(). query() runs in it; pid is its backend, to see what it waits on.
async function openTransaction(uid) {
  const c = await db.connect();
  const { rows } = await c.query('select pg_backend_pid() as pid');
  await c.query('begin');
  // A cycle is found after deadlock_timeout (1 s): well within the test's patience.
  await c.query("select set_config('role', $1, true)", [uid ? 'authenticated' : 'service_role']);
  if (uid) await c.query('select set_config(\'request.jwt.claims\', $1, true)', [JSON.stringify({ sub: uid })]);
  return {
    pid: rows[0].pid,
    query: (sql, args) => c.query(sql, args),
    commit: () => c.query('commit'),
    rollback: () => c.query('rollback'),
  };
}

// Starts apply_schedule in its own transaction; `outcome` settles with {answer} or {error}, and the transaction
// is then committed (answer) or rolled back (error).
async function startSave(uid, rows) {
  const version = await versionOf(uid);
  const tx = await openTransaction(uid);
  const save = { pid: tx.pid, settled: false };
  save.outcome = tx.query('select public.apply_schedule($1::jsonb, $2, $3) a', [JSON.stringify(rows), version, randomUUID()])
    .then((r) => ({ answer: r.rows[0].a }), (error) => ({ error }))
    .then(async (o) => {
      save.settled = true;
      await (o.error ? tx.rollback().catch(() => {}) : tx.commit());
      return o;
    });
  return save;
}

// Resolves when the save's backend waits on a lock (true), or when the save has settled (false).
async function waitsOnLock(save) {
  for (let i = 0; i < 500; i++) {
    if (save.settled) return false;
    const { rows } = await client.query('select wait_event_type from pg_stat_activity where pid = $1', [save.pid]);
    if (rows[0]?.wait_event_type === 'Lock') return true;
    await sleep(20);
  }
  throw new Error(`backend ${save.pid} neither waits on a lock nor finishes`);
}

const assignees = async (ids) => Object.fromEntries((await client.query(`select id, deleted_at is null as live,
    assigned_to_sea_id as sea, assigned_to_specialist_id as specialist from public.schedule_sessions where id = any($1::uuid[])`,
[ids])).rows.map((r) => [r.id, { live: r.live, sea: r.sea, specialist: r.specialist }]));

// A assigns SEA S, then specialist T; B assigns T, then S. A pauses between its two rows, at a lock that a
// back-office transaction holds, so without one order for the assignee locks A holds S and waits for T while B
// holds T and waits for S. Two places to pause A: its second row revives a removed session the back office
// holds, or inserts a session for a student whose row the back office holds (the foreign-key check waits).
const pauses = [
  { name: 'a revived session', day: [1, 3], second: () => sessions.a2Deleted,
    hold: ['select id from public.schedule_sessions where id = $1 for update', [sessions.a2Deleted]] },
  { name: 'a new session of a held student', day: [4, 5], second: () => randomUUID(),
    hold: ['select id from public.students where id = $1 for update', [students.a2]] },
];

for (const pause of pauses) {
  test(`two providers assigning the same two people in opposite orders both save, A paused at ${pause.name}: no deadlock`, async () => {
    const [d1, d2] = pause.day;
    const rowsA = [
      { id: sessions.a1Mon, student_id: students.a1, ...slot(d1, '07:00', '07:30'), assigned_to_sea_id: users.S },
      { id: pause.second(), student_id: students.a2, ...slot(d2, '07:00', '07:30'), assigned_to_specialist_id: users.T },
    ];
    const rowsB = [
      { id: sessions.b1Mon, student_id: students.b1, ...slot(d1, '07:30', '08:00'), assigned_to_specialist_id: users.T },
      { id: sessions.b2Tue, student_id: students.b2, ...slot(d2, '07:30', '08:00'), assigned_to_sea_id: users.S },
    ];
    const holder = await openTransaction(null);
    await holder.query(...pause.hold);
    let a;
    let b;
    try {
      a = await startSave(users.A, rowsA);
      assert.equal(await waitsOnLock(a), true, 'A waits for the held row');
      b = await startSave(users.B, rowsB);
      await waitsOnLock(b);
    } finally {
      await holder.rollback();
    }
    const [oa, ob] = [await a.outcome, await b.outcome];
    assert.equal(oa.error, undefined, `A: ${oa.error?.code} ${oa.error?.message}`);
    assert.equal(ob.error, undefined, `B: ${ob.error?.code} ${ob.error?.message}`);
    assert.deepEqual([oa.answer.updated + oa.answer.inserted, oa.answer.ids], [2, rowsA.map((r) => r.id)]);
    assert.deepEqual([ob.answer.updated, ob.answer.ids], [2, rowsB.map((r) => r.id)]);
    assert.deepEqual(await assignees([...rowsA, ...rowsB].map((r) => r.id)), {
      [rowsA[0].id]: { live: true, sea: users.S, specialist: null },
      [rowsA[1].id]: { live: true, sea: null, specialist: users.T },
      [rowsB[0].id]: { live: true, sea: null, specialist: users.T },
      [rowsB[1].id]: { live: true, sea: users.S, specialist: null },
    });
    // Each answer's template part is the one its provider reads next (its other parts are as sent: B's save of
    // the child A shares moves A's children part after A read).
    const tPart = (v) => v.split('.')[0];
    assert.equal(tPart(oa.answer.data_version), tPart(await versionOf(users.A)));
    assert.equal(tPart(ob.answer.data_version), tPart(await versionOf(users.B)));
  });
}

test("a row naming another provider's session is refused at once, without waiting for that provider's save", async () => {
  // B's save is open (it holds its row); A names that row. Waiting for B would tell A that B is editing it,
  // and would hold A's own locks meanwhile.
  const v = await versionOf(users.B);
  const tx = await openTransaction(users.B);
  try {
    await tx.query('select public.apply_schedule($1::jsonb, $2, $3)',
      [JSON.stringify([{ id: sessions.b1Mon, student_id: students.b1, ...slot(1, '11:30', '12:00') }]), v, randomUUID()]);
    const vA = await versionOf(users.A);
    for (const row of [{ op: 'remove', id: sessions.b1Mon },
      { id: sessions.b1Mon, student_id: students.a1, ...slot(1, '13:00', '13:30') }]) {
      // A lock wait would end in 55P03 after this long: the refusal must come without one.
      const txA = await openTransaction(users.A);
      await txA.query("select set_config('lock_timeout', '2s', true)");
      const err = await pgError(txA.query('select public.apply_schedule($1::jsonb, $2, $3)', [JSON.stringify([row]), vA, randomUUID()]));
      await txA.rollback();
      assert.equal(err.code, '42501', err.message);
    }
  } finally {
    await tx.rollback();
  }
});

test('two tabs of one provider saving the same sessions in opposite orders take turns: one saves, the other is stale', async () => {
  const tab1 = [
    { id: sessions.a1Mon, student_id: students.a1, ...slot(5, '08:00', '08:30') },
    { id: sessions.a2Tue, student_id: students.a2, ...slot(5, '08:30', '09:15') },
  ];
  const tab2 = [
    { id: sessions.a2Tue, student_id: students.a2, ...slot(4, '08:30', '09:15') },
    { id: sessions.a1Mon, student_id: students.a1, ...slot(4, '08:00', '08:30') },
  ];
  // Both read the same version before either saves; neither is paused, so they race from the first lock.
  const [s1, s2] = await Promise.all([startSave(users.A, tab1), startSave(users.A, tab2)]);
  const outcomes = [await s1.outcome, await s2.outcome];
  const saved = outcomes.filter((o) => o.answer);
  const refused = outcomes.filter((o) => o.error);
  assert.equal(saved.length, 1, JSON.stringify(outcomes.map((o) => o.error?.code ?? 'saved')));
  assert.equal(refused[0].error.code, 'PT409', refused[0].error.message);
  const winner = outcomes[0].answer ? tab1 : tab2;
  const { rows } = await client.query(`select id, day_of_week from public.schedule_sessions where id = any($1::uuid[])`,
    [[sessions.a1Mon, sessions.a2Tue]]);
  assert.deepEqual(Object.fromEntries(rows.map((r) => [r.id, r.day_of_week])),
    Object.fromEntries(winner.map((r) => [r.id, r.day_of_week])));
});

// The back office updates two of A's templates in one statement and is paused between them (a third transaction
// holds the second), so it holds the first row, a2Tue, and will take A's version row when it ends. A's save comes
// in between and needs a2Tue: it saves that row, or it moves another session into a2Tue's group with a new label,
// which relabels a2Tue. Holding the version row while waiting for a2Tue would close the cycle; the save lets go
// of it, waits, and then finds the version moved.
const needs = [
  { name: 'saves', rows: () => [{ id: sessions.a2Tue, student_id: students.a2, ...slot(1, '11:00', '11:45') }] },
  { name: 'relabels', rows: (a2) => [{ id: sessions.a1Mon, student_id: students.a1,
    ...slot(a2.day_of_week, a2.start_time, a2.end_time), delivered_by: a2.delivered_by,
    assigned_to_sea_id: a2.assigned_to_sea_id, assigned_to_specialist_id: a2.assigned_to_specialist_id,
    group_ref: 'grp-office-race' }] },
];

for (const need of needs) {
  test(`a save that ${need.name} a row a table statement has locked before bumping the version: the save is stale, not deadlocked`, async () => {
    const [a2] = (await client.query(`select day_of_week, start_time::text, end_time::text, delivered_by, assigned_to_sea_id,
      assigned_to_specialist_id, group_ref from public.schedule_sessions where id = $1`, [sessions.a2Tue])).rows;
    const holder = await openTransaction(null);
    await holder.query('select id from public.schedule_sessions where id = $1 for update', [sessions.a4Thu]);
    const office = await openTransaction(null);
    const statement = { pid: office.pid, settled: false };
    // One statement that locks its rows in id order (a2Tue, then a4Thu) before it writes them.
    statement.outcome = office.query(`with locked as (select id from public.schedule_sessions where id = any($1::uuid[])
        order by id for update)
      update public.schedule_sessions s set conflict_reason = $2 from locked where s.id = locked.id`,
    [[sessions.a2Tue, sessions.a4Thu], `checked by the office: ${need.name}`])
      .then((r) => ({ rowCount: r.rowCount }), (error) => ({ error }))
      .finally(() => { statement.settled = true; });
    let save;
    try {
      assert.equal(await waitsOnLock(statement), true, 'the statement waits for the held row');
      save = await startSave(users.A, need.rows(a2));
      assert.equal(await waitsOnLock(save), true, 'the save waits for the row the statement holds');
    } finally {
      await holder.rollback();
    }
    const done = await statement.outcome;
    await (done.error ? office.rollback() : office.commit());
    const saved = await save.outcome;
    assert.equal(done.error, undefined, `the statement: ${done.error?.code} ${done.error?.message}`);
    assert.equal(done.rowCount, 2);
    assert.equal(saved.error?.code, 'PT409', `the save: ${saved.error?.code} ${saved.error?.message}`);
    const { rows } = await client.query(`select conflict_reason, day_of_week, start_time::text, end_time::text, delivered_by,
      assigned_to_sea_id, assigned_to_specialist_id, group_ref from public.schedule_sessions where id = $1`, [sessions.a2Tue]);
    assert.deepEqual(rows[0], { ...a2, conflict_reason: `checked by the office: ${need.name}` }, 'the office wrote, the save did not');
  });
}

// The relabel case above needs a save that does relabel a2Tue: the same save, unhindered, does.
test('moving a session into a group with a new label relabels the group\'s other members', async () => {
  const [a2] = (await client.query(`select day_of_week, start_time::text, end_time::text, delivered_by, assigned_to_sea_id,
    assigned_to_specialist_id from public.schedule_sessions where id = $1`, [sessions.a2Tue])).rows;
  const save = await startSave(users.A, needs[1].rows(a2));
  const { answer, error } = await save.outcome;
  assert.equal(error, undefined, error?.message);
  assert.equal(answer.updated, 1);
  const { rows } = await client.query('select group_ref from public.schedule_sessions where id = $1', [sessions.a2Tue]);
  assert.equal(rows[0].group_ref, 'grp-office-race');
});

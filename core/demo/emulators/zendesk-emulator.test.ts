import { describe, expect, it } from 'vitest';
import { emulatorPerTest, jsonAnswer } from '../../testing/emulator-test-kit.ts';
import { startZendeskEmulator } from './zendesk-emulator.ts';

// What the contract kit does not reach: Zendesk's own wire details.

const agent = 'agent@example.com';
const token = 'zd-test-token';
const emulator = emulatorPerTest(startZendeskEmulator);
const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
const call = async (path: string, init: RequestInit = {}, auth = basic(`${agent}/token`, token)) =>
  jsonAnswer(
    await fetch(`${emulator.url()}${path}`, {
      ...init,
      headers: { authorization: auth, 'content-type': 'application/json', ...(init.headers as object) },
    }),
  );

describe('the Zendesk emulator', () => {
  it('signs in only "<email>/token" with the agent\'s token', async () => {
    await emulator.start({ tokens: { [agent]: token } });
    expect((await call('/api/v2/users.json')).status).toBe(200);
    for (const auth of [basic(agent, token), basic(`${agent}/token`, 'wrong'), `Bearer ${token}`])
      expect(await call('/api/v2/users.json', {}, auth)).toMatchObject({
        status: 401,
        body: { error: "Couldn't authenticate you" },
      });
  });

  it('holds back the last minute of changes from the exports, and ends with end_of_stream', async () => {
    const running = await emulator.start({ tokens: { [agent]: token } });
    running.store.seed('users', 3);
    running.store.add('users', { name: 'Just now', email: 'now@example.com' });
    const first = await call('/api/v2/incremental/users/cursor.json?start_time=0&per_page=2');
    expect(first.body.users.map((u: { id: number }) => u.id)).toEqual([1, 2]);
    expect(first.body.end_of_stream).toBe(false);
    const last = await call(
      `/api/v2/incremental/users/cursor.json?cursor=${first.body.after_cursor}&per_page=2`,
    );
    expect(last.body.users.map((u: { id: number }) => u.id)).toEqual([3]);
    expect(last.body.end_of_stream).toBe(true);
  });

  it('exports deleted tickets as status "deleted" unless exclude_deleted=true', async () => {
    const running = await emulator.start({ tokens: { [agent]: token }, holdBackMs: 0 });
    running.store.seed('tickets', 2);
    running.store.remove('tickets', 1);
    const all = await call('/api/v2/incremental/tickets/cursor.json?start_time=0');
    expect(all.body.tickets.find((t: { id: number }) => t.id === 1)).toMatchObject({ status: 'deleted' });
    const live = await call('/api/v2/incremental/tickets/cursor.json?start_time=0&exclude_deleted=true');
    expect(live.body.tickets.map((t: { id: number }) => t.id)).toEqual([2]);
  });

  it('takes a deleted ticket off the ticket endpoints and lists it, and a deleted user, as deleted', async () => {
    const running = await emulator.start({ tokens: { [agent]: token }, holdBackMs: 0 });
    running.store.seed('tickets', 2);
    running.store.seed('users', 2); // ids 3 and 4: the ids count across kinds
    running.store.change('tickets', 1, { status: 'open' });
    expect((await call('/api/v2/tickets/1.json', { method: 'DELETE' })).status).toBe(204);
    expect(await call('/api/v2/tickets/1.json')).toMatchObject({
      status: 404,
      body: { error: 'RecordNotFound' },
    });
    expect((await call('/api/v2/tickets.json?external_id=order-1')).body).toMatchObject({
      tickets: [],
      count: 0,
    });
    const tickets = await call('/api/v2/deleted_tickets?sort_by=deleted_at&sort_order=desc');
    expect(tickets.body).toMatchObject({
      deleted_tickets: [{ id: 1, subject: 'Help 1', previous_state: 'open', deleted_at: expect.any(String) }],
      count: 1,
      next_page: null,
    });

    const removed = await call('/api/v2/users/4.json', { method: 'DELETE' });
    expect(removed).toMatchObject({ status: 200, body: { user: { id: 4, active: false } } });
    // A deleted user is still there by id, inactive, and in the list of deleted users.
    expect((await call('/api/v2/users/4.json')).body.user).toMatchObject({ id: 4, active: false });
    const users = await call('/api/v2/deleted_users.json');
    expect(users.body.deleted_users.map((u: { id: number }) => u.id)).toEqual([4]);
    expect((await call('/api/v2/deleted_users/4')).body.deleted_user).toMatchObject({ id: 4, active: false });
    expect((await call('/api/v2/deleted_users/3')).status).toBe(404);
  });

  it('refuses offset paging past 10,000 records', async () => {
    await emulator.start({ tokens: { [agent]: token } });
    expect((await call('/api/v2/users.json?page=100&per_page=100')).status).toBe(200);
    expect(await call('/api/v2/users.json?page=101&per_page=100')).toMatchObject({
      status: 400,
      body: { error: 'InvalidPaginationParameter' },
    });
  });

  it('replays a ticket create for the same Idempotency-Key, and refuses the key with another body', async () => {
    const running = await emulator.start({ tokens: { [agent]: token } });
    const create = (subject: string) =>
      call('/api/v2/tickets.json', {
        method: 'POST',
        headers: { 'idempotency-key': 'k-1' },
        body: JSON.stringify({ ticket: { subject, comment: { body: 'Help' } } }),
      });
    const first = await create('Late order');
    const again = await create('Late order');
    expect(again.body.ticket.id).toBe(first.body.ticket.id);
    expect(again.headers.get('x-idempotency-lookup')).toBe('hit');
    expect(running.store.items.tickets.size).toBe(1);
    expect((await create('Another')).status).toBe(422);
  });

  it('upserts users by email, and answers a duplicate email in its 422 shape', async () => {
    const running = await emulator.start({ tokens: { [agent]: token } });
    const upsert = (user: object) =>
      call('/api/v2/users/create_or_update.json', { method: 'POST', body: JSON.stringify({ user }) });
    expect((await upsert({ name: 'Jo', email: 'jo@example.com' })).status).toBe(201);
    expect((await upsert({ name: 'Jo B', email: 'jo@example.com' })).status).toBe(200);
    expect(running.store.items.users.size).toBe(1);
    await upsert({ name: 'Al', email: 'al@example.com' });
    const clash = await call('/api/v2/users/2.json', {
      method: 'PUT',
      body: JSON.stringify({ user: { email: 'jo@example.com' } }),
    });
    expect(clash).toMatchObject({
      status: 422,
      body: { error: 'RecordInvalid', details: { email: [{ error: 'DuplicateValue' }] } },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { emulatorPerTest, jsonAnswer } from '../../testing/emulator-test-kit.ts';
import { startMailchimpEmulator, subscriberHash } from './mailchimp-emulator.ts';

// What the contract kit does not reach: Mailchimp's own wire details.

const key = '0123456789abcdef0123456789abcdef-us19';
const members = '/3.0/lists/a1b2c3d4e5/members';
const emulator = emulatorPerTest(startMailchimpEmulator);
const call = async (path: string, init: RequestInit = {}, secret = key) =>
  jsonAnswer(
    await fetch(`${emulator.url()}${path}`, {
      ...init,
      headers: {
        authorization: `Basic ${Buffer.from(`anystring:${secret}`).toString('base64')}`,
        'content-type': 'application/json',
      },
    }),
  );
const send = (method: string, path: string, body: object) =>
  call(path, { method, body: JSON.stringify(body) });

describe('the Mailchimp emulator', () => {
  it('takes the key as the Basic password, answers in problem JSON, and sends no rate-limit headers', async () => {
    await emulator.start({ keys: [key] });
    const ok = await call(`${members}?count=1`);
    expect(ok.status).toBe(200);
    expect([...ok.headers.keys()].filter((h) => h.includes('rate'))).toEqual([]);
    expect(await call(members, {}, 'wrong-us19')).toMatchObject({
      status: 401,
      body: { title: 'API Key Invalid', status: 401, type: expect.stringContaining('mailchimp.com') },
    });
    expect((await call(`${members}?count=1001`)).status).toBe(400);
  });

  it('upserts by subscriber hash with PUT, refuses a second POST as "Member Exists", and a hash of another email', async () => {
    const running = await emulator.start({ keys: [key] });
    const hash = subscriberHash(' Jo@Example.com ');
    expect(hash).toBe(subscriberHash('jo@example.com'));
    const put = await send('PUT', `${members}/${hash}`, {
      email_address: 'jo@example.com',
      status_if_new: 'pending',
    });
    expect(put.body).toMatchObject({ id: hash, status: 'pending' });
    const twin = await send('POST', members, { email_address: 'jo@example.com', status: 'subscribed' });
    expect(twin).toMatchObject({ status: 400, body: { title: 'Member Exists' } });
    const wrong = await send('PUT', `${members}/${hash}`, {
      email_address: 'al@example.com',
      status_if_new: 'pending',
    });
    expect(wrong.status).toBe(400);
    expect(running.store.members.size).toBe(1);
  });

  it('filters since_last_changed strictly after, and keeps an archived member listed', async () => {
    const running = await emulator.start({ keys: [key] });
    const [first, second] = running.store.seed(2);
    const since = await call(`${members}?since_last_changed=${encodeURIComponent(first!.last_changed)}`);
    expect(since.body.members.map((m: { id: string }) => m.id)).toEqual([second!.id]);
    expect((await call(`${members}/${first!.id}`, { method: 'DELETE' })).status).toBe(204);
    const all = await call(`${members}?count=10`);
    expect(all.body.members.find((m: { id: string }) => m.id === first!.id)).toMatchObject({
      status: 'archived',
    });
    expect(all.body.total_items).toBe(2);
  });
});

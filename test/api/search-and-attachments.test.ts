import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import S3rver from 's3rver';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { actOk, DEMO, intake, orderAt } from '../support/factories.ts';
import { orderTokens } from '../../src/server/modules/routing/duplicates/find-duplicates.ts';
import { fileBlobStore, moveAttachmentsOut, s3BlobStore, useAttachmentStore } from '../../src/server/modules/work-orders/attachment-store.ts';

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await createTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-files-'));
  useAttachmentStore(t.db, fileBlobStore(dir));
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ids = (r: { body: { items: { id: number }[] } }) => r.body.items.map((i) => i.id);
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('search', () => {
  const title = '楼道照明故障';
  const text = '单元楼道的声控灯坏了一个多月，晚上老人上下楼梯很危险，物业一直推诿。';
  let order: { id: number; code: string };
  let plain: { id: number };
  beforeAll(async () => {
    const street = await t.unitId(DEMO.streets.hepingli);
    order = await intake(t, { title, text, location: { streetId: street, address: '和平里七区12号楼' }, requester: { name: '王五', phone: '13955667788' } });
    plain = await intake(t, { title: '路灯问题', text: '小区门口的路灯坏了，照明故障已经一周。', location: { streetId: street, address: '和平里九区' } });
    await actOk(t, order.id, 'dispatch', { leadUnitId: street }, 'dispatcher');
  });

  it('finds an order by a word of its text, a fragment of its address and its code', async () => {
    const textOnly = orderTokens(title, text).find((w) => [...w].length >= 2 && !title.includes(w) && text.includes(w))!;
    expect(textOnly).toBeTruthy();
    expect(ids(await t.get(`/api/work-orders?q=${encodeURIComponent(textOnly)}`, 'supervisor'))).toContain(order.id);
    expect(ids(await t.get(`/api/work-orders?q=${encodeURIComponent('七区12')}`, 'supervisor'))).toEqual([order.id]);
    expect(ids(await t.get(`/api/work-orders?q=${order.code}`, 'supervisor'))).toEqual([order.id]);
    expect(ids(await t.get(`/api/work-orders?q=${encodeURIComponent('不存在的内容词')}`, 'supervisor'))).toEqual([]);
  });

  it('ranks a match in the title above a match in the text alone', async () => {
    const r = await t.get(`/api/work-orders?q=${encodeURIComponent('照明故障')}`, 'supervisor');
    const found = ids(r);
    expect(found.indexOf(order.id)).toBeGreaterThanOrEqual(0);
    expect(found.indexOf(order.id)).toBeLessThan(found.indexOf(plain.id));
  });

  it('matches the last digits of the phone only for those who see the phone', async () => {
    expect(ids(await t.get('/api/work-orders?q=7788', 'supervisor'))).toEqual([order.id]);
    expect(ids(await t.get('/api/work-orders?q=7788', 'hepingli'))).toEqual([order.id]);
    // The district sees the order but the phone masked: digits must not reveal it.
    expect(ids(await t.get(`/api/work-orders?q=${encodeURIComponent('七区12')}`, 'district'))).toEqual([order.id]);
    expect(ids(await t.get('/api/work-orders?q=7788', 'district'))).toEqual([]);
    // And nobody finds what they may not see.
    expect(ids(await t.get(`/api/work-orders?q=${encodeURIComponent('七区12')}`, 'donghuamen'))).toEqual([]);
  });

  it('filters by status, street, urgency, category, date range and overdue, and sorts by due time', async () => {
    const street = await t.unitId(DEMO.streets.hepingli);
    const q = encodeURIComponent('照明故障');
    expect(ids(await t.get(`/api/work-orders?q=${q}&status=dispatched`, 'supervisor'))).toEqual([order.id]);
    expect(ids(await t.get(`/api/work-orders?q=${q}&streetId=${street}&status=received`, 'supervisor'))).toEqual([plain.id]);
    expect(ids(await t.get(`/api/work-orders?q=${q}&urgency=emergency`, 'supervisor'))).toEqual([]);
    expect(ids(await t.get(`/api/work-orders?q=${q}&category=01`, 'supervisor'))).toEqual([]);
    expect(ids(await t.get(`/api/work-orders?q=${q}&from=2026-03-03T00:00:00Z`, 'supervisor'))).toEqual([]);
    expect(ids(await t.get(`/api/work-orders?q=${q}&overdue=true`, 'supervisor'))).toEqual([]);
    expect(ids(await t.get(`/api/work-orders?streetId=${street}&status=received`, 'supervisor'))).toContain(plain.id);
    const due = (await t.get('/api/work-orders?sort=due&pageSize=200', 'supervisor')).body.items as { due: { at: string } | null }[];
    expect(due.length).toBeGreaterThan(1);
    const times = due.map((i) => Date.parse(i.due!.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('attachments', () => {
  const bytes = Buffer.from(PNG, 'base64');

  it('keep their bytes in the content-addressed store and only metadata and the hash in the row', async () => {
    const o = await intake(t, { attachments: [{ name: '现场.png', mime: 'image/png', contentBase64: PNG }] });
    const row = (await t.db.query<{ content: unknown; sha256: string; store: string }>('select content, sha256, store from attachments where order_id = $1', [o.id])).rows[0];
    expect(row.content).toBeNull();
    expect(row.store).toBe('file');
    expect(fs.readFileSync(path.join(dir, row.sha256.slice(0, 2), row.sha256.slice(2, 4), row.sha256)).equals(bytes)).toBe(true);
    const file = await t.app.request(`/api/work-orders/${o.id}/attachments/${o.attachments[0].id}`, { headers: { authorization: `Bearer ${await token('agent')}` } });
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('refuse a type that is not accepted and content that does not match its type', async () => {
    const html = await t.post('/api/work-orders', { channel: 'phone', requestType: 'inquiry', title: '附件', text: '附件类型', attachments: [{ name: 'x.html', mime: 'text/html', contentBase64: 'PGI+aGk8L2I+' }] }, 'agent');
    expect(html.status).toBe(400);
    expect(html.body.details.field).toBe('attachments.0.mime');
    const fake = await t.post('/api/work-orders', { channel: 'phone', requestType: 'inquiry', title: '附件', text: '附件内容', attachments: [{ name: 'x.png', mime: 'image/png', contentBase64: 'aGVsbG8=' }] }, 'agent');
    expect(fake.status).toBe(400);
    expect(fake.body.details.field).toBe('attachments.0.contentBase64');
  });

  it('come with the contact and feedback steps, tied to the event they were sent with', async () => {
    const o = await orderAt(t, 'signed');
    const contacted = await actOk(t, o.id, 'contact', { method: 'visit', attachments: [{ name: '上门.png', mime: 'image/png', contentBase64: PNG }] }, 'donghuamen');
    const fed = await actOk(t, o.id, 'feedback', { result: '已修复', solved: true, attachments: [{ name: '修复后.png', mime: 'image/png', contentBase64: PNG }] }, 'donghuamen');
    const seqOf = (type: string) => fed.events.find((e: { type: string }) => e.type === type).seq;
    expect(contacted.attachments.map((a: { name: string }) => a.name)).toEqual(['上门.png']);
    expect(fed.attachments.map((a: { name: string; event_seq: number }) => [a.name, a.event_seq])).toEqual([
      ['上门.png', seqOf('work_order.contacted')],
      ['修复后.png', seqOf('work_order.feedback_submitted')],
    ]);
  });

  it('held in rows from before the store are moved out and still download', async () => {
    const o = await intake(t);
    const legacy = Buffer.from('old bytes');
    const id = (await t.db.query<{ id: number }>(
      `insert into attachments(order_id, kind, name, mime, size, content, created_at) values ($1, 'text', 'old.txt', 'text/plain', $2, $3, now()) returning id`,
      [o.id, legacy.length, legacy],
    )).rows[0].id;
    expect(await moveAttachmentsOut(t.db)).toBe(1);
    const row = (await t.db.query<{ content: unknown; sha256: string }>('select content, sha256 from attachments where id = $1', [id])).rows[0];
    expect(row.content).toBeNull();
    const file = await t.app.request(`/api/work-orders/${o.id}/attachments/${id}`, { headers: { authorization: `Bearer ${await token('agent')}` } });
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe('old bytes');
  });

  it('round-trip through an S3-compatible store', async () => {
    const s3dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-s3-'));
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3dir, configureBuckets: [{ name: 'shaobao' }] });
    const { port } = (await server.run()) as { port: number };
    try {
      useAttachmentStore(t.db, await s3BlobStore({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', bucket: 'shaobao', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }));
      const o = await intake(t, { attachments: [{ name: '桶.png', mime: 'image/png', contentBase64: PNG }] });
      const row = (await t.db.query<{ store: string; sha256: string }>('select store, sha256 from attachments where order_id = $1', [o.id])).rows[0];
      expect(row.store).toBe('s3');
      const file = await t.app.request(`/api/work-orders/${o.id}/attachments/${o.attachments[0].id}`, { headers: { authorization: `Bearer ${await token('agent')}` } });
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
    } finally {
      useAttachmentStore(t.db, fileBlobStore(dir));
      await server.close();
      fs.rmSync(s3dir, { recursive: true, force: true });
    }
  });
});

async function token(username: string): Promise<string> {
  const r = await t.post('/api/auth/login', { username, password: `demo-${username}-2026` });
  return r.body.token;
}

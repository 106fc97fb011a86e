import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { MAX_ATTACHMENT_BYTES, type AttachmentInput } from './work-order-schemas.ts';
import type { z } from '@hono/zod-openapi';

/**
 * Attachment bytes live outside the database, addressed by their sha256: the same photo sent twice
 * is stored once, a stored file never changes, and rows stay small. Files under the data directory
 * by default; an S3-compatible bucket when configured.
 */
export type BlobStore = {
  readonly name: 'file' | 's3';
  put(sha256: string, bytes: Buffer, mime: string): Promise<void>;
  get(sha256: string): Promise<Buffer | null>;
};

export type S3Settings = { endpoint?: string; region: string; bucket: string; accessKeyId?: string; secretAccessKey?: string; prefix?: string };

const CACHE_KEY = 'attachments.store';

export function fileBlobStore(dir: string): BlobStore {
  const where = (sha: string) => path.join(dir, sha.slice(0, 2), sha.slice(2, 4), sha);
  return {
    name: 'file',
    async put(sha, bytes) {
      const file = where(sha);
      if (fs.existsSync(file)) return;
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      // Write then rename: a reader never sees half a file under its final name.
      const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      await fs.promises.writeFile(tmp, bytes);
      await fs.promises.rename(tmp, file);
    },
    async get(sha) {
      try {
        return await fs.promises.readFile(where(sha));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
  };
}

export async function s3BlobStore(s: S3Settings): Promise<BlobStore> {
  const { S3Client, PutObjectCommand, GetObjectCommand, HeadObjectCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: !!s.endpoint,
    // Many S3-compatible servers do not take the SDK's default streaming checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: s.accessKeyId && s.secretAccessKey ? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey } : undefined,
  });
  const key = (sha: string) => `${s.prefix ?? 'attachments/'}${sha.slice(0, 2)}/${sha}`;
  return {
    name: 's3',
    async put(sha, bytes, mime) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: key(sha) }));
        return;
      } catch {
        /* absent: upload */
      }
      await client.send(new PutObjectCommand({ Bucket: s.bucket, Key: key(sha), Body: bytes, ContentType: mime }));
    },
    async get(sha) {
      try {
        const r = await client.send(new GetObjectCommand({ Bucket: s.bucket, Key: key(sha) }));
        return r.Body ? Buffer.from(await r.Body.transformToByteArray()) : null;
      } catch (e) {
        if ((e as { name?: string }).name === 'NoSuchKey') return null;
        throw e;
      }
    },
  };
}

/** Sets the store a database's attachments go to (at start, from the configuration). */
export function useAttachmentStore(db: Queryable, store: BlobStore): void {
  db.cache.set(CACHE_KEY, store);
}

/** Unconfigured (tests, scripts): files under the system's temporary directory. */
export function attachmentStore(q: Queryable): BlobStore {
  let s = q.cache.get(CACHE_KEY) as BlobStore | undefined;
  if (!s) {
    s = fileBlobStore(path.join(os.tmpdir(), 'shaobao-attachments'));
    q.cache.set(CACHE_KEY, s);
  }
  return s;
}

// What a work order may carry: photos, voice, video and documents. Types a browser can run (HTML,
// SVG, scripts) are refused, so a download never executes in the console's origin.
const ALLOWED = new Set([
  'image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic', 'image/heif',
  'audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/amr', 'audio/wav', 'audio/x-m4a', 'audio/ogg', 'audio/webm',
  'video/mp4', 'video/quicktime', 'video/webm', 'video/3gpp',
  'application/pdf', 'text/plain', 'application/msword', 'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

// The first bytes of formats that have a fixed signature: a declared type must match its content.
const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

export type Decoded = { name: string; mime: string; kind: string; bytes: Buffer; sha256: string };
export type StoredAttachment = { kind: string; name: string; mime: string; size: number; sha256: string; store: string };

export function decodeAttachments(list: z.infer<typeof AttachmentInput>[], field = 'attachments'): Decoded[] {
  return list.map((a, i) => {
    const bytes = Buffer.from(a.contentBase64, 'base64');
    if (bytes.length === 0 || bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new AppError('validation_failed', `Attachment ${i + 1} must be between 1 byte and 2 MB.`, { field: `${field}.${i}` }, `附件 ${i + 1} 大小须在 2MB 以内且不能为空。`);
    }
    const mime = a.mime.toLowerCase();
    if (!ALLOWED.has(mime)) {
      throw new AppError('validation_failed', `Attachment ${i + 1}: type ${a.mime} is not accepted (photos, audio, video, PDF, text and office documents are).`, { field: `${field}.${i}.mime` }, `附件 ${i + 1} 的类型 ${a.mime} 不受支持（可上传图片、音频、视频、PDF、文本和办公文档）。`);
    }
    if (MAGIC[mime] && !MAGIC[mime](bytes)) {
      throw new AppError('validation_failed', `Attachment ${i + 1} is not a ${a.mime} file.`, { field: `${field}.${i}.contentBase64` }, `附件 ${i + 1} 的内容与类型 ${a.mime} 不符。`);
    }
    return { name: a.name, mime, kind: kindOf(mime), bytes, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
  });
}

export async function storeAttachments(q: Queryable, files: Decoded[]): Promise<StoredAttachment[]> {
  const store = attachmentStore(q);
  await Promise.all(files.map((f) => store.put(f.sha256, f.bytes, f.mime)));
  return files.map((f) => ({ kind: f.kind, name: f.name, mime: f.mime, size: f.bytes.length, sha256: f.sha256, store: store.name }));
}

/** Attachments that came with a step (contact, feedback): metadata rows naming the event they belong to. */
export async function insertStepAttachments(tx: Queryable, orderId: number, eventSeq: number | null, files: StoredAttachment[], userId: number | null, at: Date): Promise<void> {
  if (!files.length) return;
  await tx.query(
    `insert into attachments(order_id, kind, name, mime, size, sha256, store, event_seq, created_by, created_at)
     select $1, f.kind, f.name, f.mime, f.size, f.sha256, f.store, $2, $3, $4
     from jsonb_to_recordset($5::jsonb) as f(kind text, name text, mime text, size int, sha256 text, store text)`,
    [orderId, eventSeq, userId, at, JSON.stringify(files)],
  );
}

/** The bytes of one attachment: from the store, or from the row while it has not been moved yet. */
export async function readAttachment(q: Queryable, a: { sha256: string | null; content: Uint8Array | null }): Promise<Buffer | null> {
  if (a.content) return Buffer.from(a.content);
  return a.sha256 ? attachmentStore(q).get(a.sha256) : null;
}

/**
 * Moves bytes still held in attachment rows (from before the store existed) into the store, a
 * batch at a time; run at start. Each row is cleared only after its file is written.
 */
export async function moveAttachmentsOut(q: Queryable, batch = 100): Promise<number> {
  const store = attachmentStore(q);
  let moved = 0;
  for (;;) {
    const rows = (await q.query<{ id: number; mime: string; content: Uint8Array }>(
      'select id, mime, content from attachments where content is not null order by id limit $1',
      [batch],
    )).rows;
    if (!rows.length) return moved;
    for (const r of rows) {
      const bytes = Buffer.from(r.content);
      const sha = crypto.createHash('sha256').update(bytes).digest('hex');
      await store.put(sha, bytes, r.mime);
      await q.query('update attachments set sha256 = $2, store = $3, content = null where id = $1', [r.id, sha, store.name]);
      moved++;
    }
  }
}

function kindOf(mime: string): string {
  const top = mime.split('/')[0];
  if (top === 'image' || top === 'audio' || top === 'video') return top;
  return mime === 'text/plain' ? 'text' : 'document';
}

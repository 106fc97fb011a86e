import type { z } from '@hono/zod-openapi';
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { notFound } from '../../lib/errors.ts';
import { decodeAttachments, readAttachment, storeAttachments, type StoredAttachment } from '../work-orders/attachment-store.ts';
import type { AttachmentInput } from '../work-orders/work-order-schemas.ts';
import { canSeeWhistle } from './whistle-access.ts';
import type { WhistlePhotoRow } from './whistle-tables.ts';

/**
 * Photos of the scene, when the whistle is blown and with a unit's action: checked and written to
 * the shared attachment store before the transaction (content-addressed, so a retry stores nothing
 * twice), then one metadata row each inside it.
 */
export async function storeWhistlePhotos(q: Queryable, photos: z.infer<typeof AttachmentInput>[]): Promise<StoredAttachment[]> {
  return photos.length ? storeAttachments(q, decodeAttachments(photos, 'photos')) : [];
}

/** The rows as one CTE-able statement part: `insert … select` over the files, for whistle `whistleId` (an SQL expression). */
export function photoInsertSql(whistleId: string, actionId: string, p: { files: number; by: number; at: number }): string {
  return `insert into whistle_photos(whistle_id, action_id, kind, name, mime, size, sha256, store, created_by, created_at)
          select ${whistleId}, ${actionId}, f.kind, f.name, f.mime, f.size, f.sha256, f.store, $${p.by}, $${p.at}
            from jsonb_to_recordset($${p.files}::jsonb) as f(kind text, name text, mime text, size int, sha256 text, store text)`;
}

export const photoUrl = (whistleId: number, photoId: number) => `/api/whistles/${whistleId}/photos/${photoId}`;

/** A photo's metadata and bytes, for whoever may see its whistle. */
export async function readWhistlePhoto(q: Queryable, actor: Actor, whistleId: number, photoId: number): Promise<{ row: WhistlePhotoRow; bytes: Buffer }> {
  if (!(await canSeeWhistle(q, actor, { id: whistleId }))) throw notFound('whistle', whistleId);
  const row = (await q.query<WhistlePhotoRow>('select * from whistle_photos where id = $1 and whistle_id = $2', [photoId, whistleId])).rows[0];
  const bytes = row ? await readAttachment(q, { sha256: row.sha256, content: null }) : null;
  if (!row || !bytes) throw notFound('photo', photoId);
  return { row, bytes };
}

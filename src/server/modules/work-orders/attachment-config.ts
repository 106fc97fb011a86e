import path from 'node:path';
import type { Db } from '../../db/client.ts';
import type { Config } from '../../config.ts';
import { fileBlobStore, moveAttachmentsOut, s3BlobStore, useAttachmentStore } from './attachment-store.ts';

/** The attachment store the configuration names; bytes still held in rows are moved into it at start. */
export async function openAttachmentStore(db: Db, config: Config): Promise<void> {
  const store = config.SHAOBAO_S3_BUCKET
    ? await s3BlobStore({
        bucket: config.SHAOBAO_S3_BUCKET,
        endpoint: config.SHAOBAO_S3_ENDPOINT,
        region: config.SHAOBAO_S3_REGION,
        accessKeyId: config.SHAOBAO_S3_ACCESS_KEY_ID,
        secretAccessKey: config.SHAOBAO_S3_SECRET_ACCESS_KEY,
      })
    : fileBlobStore(path.resolve(config.SHAOBAO_DATA_DIR, 'attachments'));
  useAttachmentStore(db, store);
  await moveAttachmentsOut(db);
}

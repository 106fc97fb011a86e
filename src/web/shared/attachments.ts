import type { Locale } from './i18n.ts';
import { prepareFiles } from './photos.ts';
import type { AttachmentPayload } from './types.ts';

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    // A data URL is "data:<mime>;base64,<payload>"; the server wants only the payload.
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

/** Checks the server's limits before uploading (so the user learns at once) and encodes the files. */
export async function readAttachments(picked: File[], locale: Locale): Promise<AttachmentPayload[]> {
  // Already done at pick time where the form uses PhotoInput; cheap to repeat for forms that do not.
  const files = await prepareFiles(picked, locale);
  return Promise.all(
    files.map(async (f) => ({ name: f.name, mime: /^[a-z]+\/[a-z0-9.+-]+$/i.test(f.type) ? f.type : 'application/octet-stream', contentBase64: await toBase64(f) })),
  );
}

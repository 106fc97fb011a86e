import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from './limits.ts';
import { translate, type Locale } from './i18n.ts';

/** Longest side of a photo as uploaded: enough to read a house number, small enough for a phone on 4G. */
export const MAX_PHOTO_SIDE = 2048;
const SCALABLE = /^image\/(jpeg|png|webp|bmp)$/i;

function canvasBlob(canvas: HTMLCanvasElement, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
}

/**
 * A phone photo (2–6 MB, 4000 px) redrawn in the browser at most MAX_PHOTO_SIDE wide and under the
 * server's limit, as JPEG; other files and photos already small enough are left as they are.
 */
export async function downscalePhoto(file: File, maxBytes = MAX_ATTACHMENT_BYTES): Promise<File> {
  if (!SCALABLE.test(file.type)) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return file; // not decodable here: let the size check speak
  }
  const side = Math.max(bitmap.width, bitmap.height);
  if (side <= MAX_PHOTO_SIDE && file.size <= maxBytes) {
    bitmap.close();
    return file;
  }
  let scale = Math.min(1, MAX_PHOTO_SIDE / side);
  for (let attempt = 0; attempt < 4; attempt++) {
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await canvasBlob(canvas, 0.85 - attempt * 0.1);
    if (blob && blob.size <= maxBytes) {
      bitmap.close();
      return new File([blob], file.name.replace(/\.\w+$/, '') + '.jpg', { type: 'image/jpeg', lastModified: file.lastModified });
    }
    scale *= 0.75;
  }
  bitmap.close();
  return file;
}

/** Downscales the photos and checks count and sizes at once, when the files are picked. */
export async function prepareFiles(files: File[], locale: Locale): Promise<File[]> {
  if (files.length > MAX_ATTACHMENTS) throw new Error(translate(locale, 'attach.tooMany', { max: MAX_ATTACHMENTS }));
  const out = await Promise.all(files.map((f) => downscalePhoto(f)));
  for (const f of out) {
    if (f.size === 0 || f.size > MAX_ATTACHMENT_BYTES) throw new Error(translate(locale, 'attach.tooBig', { name: f.name }));
  }
  return out;
}

/**
 * The files a request may carry: photos, sound and video recordings, PDF. Each type is checked
 * against the file's first bytes, so an HTML or SVG page cannot travel as "image/png"; whatever
 * is stored is still served as a download under a sandbox CSP (see the attachment route).
 */
type Sig = (b: Uint8Array) => boolean;

const at = (offset: number, ...bytes: number[]): Sig => (b) => bytes.every((x, i) => b[offset + i] === x);
const ascii = (offset: number, s: string): Sig => at(offset, ...[...s].map((ch) => ch.charCodeAt(0)));
const riff = (kind: string): Sig => (b) => ascii(0, 'RIFF')(b) && ascii(8, kind)(b);
const ftyp = ascii(4, 'ftyp');
const mp3: Sig = (b) => ascii(0, 'ID3')(b) || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0);

export const ATTACHMENT_TYPES: Record<string, Sig> = {
  'image/jpeg': at(0, 0xff, 0xd8, 0xff),
  'image/png': at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  'image/gif': ascii(0, 'GIF8'),
  'image/webp': riff('WEBP'),
  'image/heic': ftyp,
  'image/heif': ftyp,
  'application/pdf': ascii(0, '%PDF-'),
  'audio/mpeg': mp3,
  'audio/mp4': ftyp,
  'audio/aac': (b) => b[0] === 0xff && (b[1] & 0xf6) === 0xf0,
  'audio/amr': ascii(0, '#!AMR'),
  'audio/wav': riff('WAVE'),
  'audio/ogg': ascii(0, 'OggS'),
  'audio/webm': at(0, 0x1a, 0x45, 0xdf, 0xa3),
  'video/mp4': ftyp,
  'video/quicktime': ftyp,
  'video/webm': at(0, 0x1a, 0x45, 0xdf, 0xa3),
};

/** The first bytes of a base64 text, without decoding the whole (up to 2 MB) file. */
function head(contentBase64: string): Uint8Array {
  return Buffer.from(contentBase64.replace(/\s/g, '').slice(0, 32), 'base64');
}

/** Why the attachment is refused, or null when its declared type is allowed and its bytes agree. */
export function attachmentTypeProblem(mime: string, contentBase64: string): string | null {
  const sig = ATTACHMENT_TYPES[mime.toLowerCase()];
  if (!sig) return `type ${mime} is not accepted: photos, audio, video or PDF (${Object.keys(ATTACHMENT_TYPES).join(', ')})`;
  if (!sig(head(contentBase64))) return `the content is not ${mime}`;
  return null;
}

import crypto from 'node:crypto';
import type { Queryable } from '../../db/client.ts';

/*
 * The tracking secret a requester gets at filing: 10 characters of Crockford base 32 (50 bits),
 * read out on the phone or shown in the portal, shown as XXXXX-XXXXX. It is derived from the
 * order id with the installation's own random key (HMAC-SHA-256), so nothing is stored per order,
 * and a retried filing (same Idempotency-Key) answers the same secret.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 10;

const keys = new WeakMap<object, Promise<Buffer>>();

async function installationKey(q: Queryable): Promise<Buffer> {
  await q.query(`insert into installation_keys(name, key) values ('tracking', $1) on conflict (name) do nothing`, [crypto.randomBytes(32)]);
  const row = (await q.query<{ key: Uint8Array }>(`select key from installation_keys where name = 'tracking'`)).rows[0];
  return Buffer.from(row.key);
}

function keyOf(q: Queryable): Promise<Buffer> {
  let k = keys.get(q);
  if (!k) {
    k = installationKey(q);
    k.catch(() => keys.delete(q));
    keys.set(q, k);
  }
  return k;
}

function encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < LENGTH) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= 0xff;
    if (out.length >= LENGTH) break;
  }
  return out;
}

/** An HMAC with the installation's key: for values kept only as a hash, such as one-time sign-in codes. */
export async function keyedHash(q: Queryable, message: string): Promise<string> {
  return crypto.createHmac('sha256', await keyOf(q)).update(message).digest('hex');
}

export async function trackingSecretFor(q: Queryable, orderId: number): Promise<string> {
  const raw = encode(crypto.createHmac('sha256', await keyOf(q)).update(`track:${orderId}`).digest());
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/** As typed by a person: case, spaces and dashes do not matter, and O/I/L read as 0/1 (Crockford). */
export function normalizeSecret(s: string): string {
  return s.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export async function secretMatches(q: Queryable, orderId: number, given: string): Promise<boolean> {
  const a = Buffer.from(normalizeSecret(await trackingSecretFor(q, orderId)));
  const b = Buffer.from(normalizeSecret(given));
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

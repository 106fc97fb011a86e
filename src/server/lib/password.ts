import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with node:crypto scrypt, so no native or third-party dependency is needed.
 * Stored format: `scrypt$N$r$p$saltB64$hashB64`. The parameters travel with each hash, so they can
 * be raised later without invalidating existing accounts.
 */
const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

// Node's default maxmem (32 MiB) is only just above 128·N·r for N=16384; give headroom for raised params.
const maxmemFor = (n: number, r: number) => 256 * n * r + 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEYLEN, { N, r: R, p: P, maxmem: maxmemFor(N, R) });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** False for a wrong password and for any malformed or unsupported stored value; never throws on input. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  // bounds keep a tampered row from making verification allocate gigabytes or spin for minutes
  const powerOfTwo = Number.isInteger(n) && n >= 2 && n <= 2 ** 20 && (n & (n - 1)) === 0;
  if (!powerOfTwo || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (salt.length === 0 || expected.length < 16 || expected.length > 128) return false;
  try {
    const key = await derive(password, salt, expected.length, { N: n, r, p, maxmem: maxmemFor(n, r) });
    return timingSafeEqual(key, expected);
  } catch {
    return false;
  }
}

/** 16 characters from a 64-letter alphabet: 96 bits, typed or pasted once and then changed. */
export function randomPassword(): string {
  return randomBytes(12).toString('base64url');
}

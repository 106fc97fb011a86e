import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('writes scrypt$N$r$p$salt$hash with the agreed parameters', async () => {
    const h = await hashPassword('demo-agent-2026');
    const [alg, n, r, p, salt, key] = h.split('$');
    expect([alg, n, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
  });

  it('verifies the right password and rejects others', async () => {
    const h = await hashPassword('correct horse 电池');
    expect(await verifyPassword('correct horse 电池', h)).toBe(true);
    expect(await verifyPassword('correct horse 电池 ', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('returns false, never throws, on malformed or hostile stored values', async () => {
    const h = await hashPassword('x');
    const [, , , , salt, key] = h.split('$');
    for (const bad of [
      '',
      'plain-text',
      'bcrypt$10$abc',
      `scrypt$16384$8$1$${salt}`,
      `scrypt$1000$8$1$${salt}$${key}`, // N not a power of two
      `scrypt$${2 ** 24}$8$1$${salt}$${key}`, // would need gigabytes
      `scrypt$16384$8$1$$${key}`,
      `scrypt$16384$8$1$${salt}$`,
      `scrypt$16384$9$1$${salt}$${key}`, // tampered cost: derives a different key
    ])
      expect(await verifyPassword('x', bad)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { createEmptyTestDb } from '../../../../test/support/test-db.ts';
import { migrate } from '../migrate.ts';
import { seedDemoCity } from './demo-city.ts';
import { formatDemoAccounts, parseDemoAccounts } from './demo-banner.ts';
import { loadConfig } from '../../config.ts';
import { verifyPassword } from '../../lib/password.ts';

async function seededPasswords(): Promise<Record<string, string>> {
  const db = await createEmptyTestDb();
  try {
    await migrate(db);
    const r = await seedDemoCity(db, { hashPassword: async (p) => `plain:${p}` });
    return Object.fromEntries(r.accounts.map((a) => [a.username, a.password]));
  } finally {
    await db.drop();
  }
}

describe('demo accounts', () => {
  it('get random passwords per installation, none of them the published demo-<user>-2026', async () => {
    const a = await seededPasswords();
    const b = await seededPasswords();
    expect(Object.keys(a)).toContain('admin');
    for (const [u, pw] of Object.entries(a)) {
      expect(pw).not.toBe(`demo-${u}-2026`);
      expect(pw.length).toBeGreaterThanOrEqual(16);
      expect(b[u]).not.toBe(pw);
    }
  });

  it('the printed banner reads back to the same passwords', () => {
    const accounts = [{ username: 'admin', password: 'Xy_9-abcdefghijk', roles: ['admin'] }, { username: 'grid1', password: 'p2', roles: ['grid_member'] }];
    expect(parseDemoAccounts(`noise\nDemo city. ${formatDemoAccounts(accounts)}\n\nlater output`)).toEqual({ admin: 'Xy_9-abcdefghijk', grid1: 'p2' });
    expect(parseDemoAccounts('no banner')).toEqual({});
  });

  it('the known-password option is explicit and the hash verifies', async () => {
    const db = await createEmptyTestDb();
    try {
      await migrate(db);
      await seedDemoCity(db, { passwordFor: (u) => `known-${u}` });
      const h = (await db.query<{ password_hash: string }>(`select password_hash from users where username = 'admin'`)).rows[0].password_hash;
      expect(await verifyPassword('known-admin', h)).toBe(true);
    } finally {
      await db.drop();
    }
  });
});

describe('configuration defaults', () => {
  it('binds to 127.0.0.1 unless a host is configured', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('seeds the demo city by default only on the embedded database outside production', () => {
    expect(loadConfig({}).SHAOBAO_SEED).toBe('demo');
    expect(loadConfig({ DATABASE_URL: 'postgres://x@localhost/db' }).SHAOBAO_SEED).toBe('none');
    expect(loadConfig({ NODE_ENV: 'production' }).SHAOBAO_SEED).toBe('none');
    expect(loadConfig({ DATABASE_URL: 'postgres://x@localhost/db', SHAOBAO_SEED: 'demo' }).SHAOBAO_SEED).toBe('demo');
    expect(loadConfig({ NODE_ENV: 'production', SHAOBAO_SEED: 'demo' }).SHAOBAO_SEED).toBe('demo');
  });
});

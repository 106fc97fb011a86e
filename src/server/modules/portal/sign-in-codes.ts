import crypto from 'node:crypto';
import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import type { OutboundSender } from '../notifications/outbound-sender.ts';
import { linkRequestsToCitizen } from '../work-orders/link-requester.ts';
import { keyedHash } from './tracking-secret.ts';

/** A code lives five minutes and survives five wrong tries. */
export const CODE_TTL_MS = 5 * 60_000;
export const CODE_MAX_TRIES = 5;
const CODE_DIGITS = 6;

type CodeRow = { id: number; code_hash: string; attempts: number };

export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

const hashOf = (q: Queryable, phone: string, code: string) => keyedHash(q, `signin:${phone}:${code}`);

/**
 * Sends a fresh one-time code to the phone through the outbound sender, keeping only its hash.
 * Earlier unused codes of the phone stop counting: only the latest one opens a session.
 */
export async function sendSignInCode(ctx: Ctx, sender: OutboundSender, phone: string): Promise<{ expiresAt: Date }> {
  const code = String(crypto.randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
  await ctx.db.transaction(async (tx) => {
    await tx.query('update citizen_sign_in_codes set used_at = $2 where phone = $1 and used_at is null', [phone, now]);
    await tx.query('insert into citizen_sign_in_codes(phone, code_hash, created_at, expires_at) values ($1, $2, $3, $4)', [phone, await hashOf(tx, phone, code), now, expiresAt]);
  });
  await sender.send({
    channel: 'sms',
    to: phone,
    subject: '12345 登录验证码',
    text: `【12345】您的登录验证码是 ${code}，5 分钟内有效。请勿告诉他人。Your 12345 sign-in code is ${code} (valid 5 minutes).`,
  });
  return { expiresAt };
}

/**
 * Checks a code; on success the citizen account of this phone (created on first sign-in) and the
 * requests filed earlier with this phone are theirs. A wrong code counts a try against the code.
 */
export async function checkSignInCode(ctx: Ctx, phone: string, code: string): Promise<number> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const row = (
      await tx.query<CodeRow>(
        `select id, code_hash, attempts from citizen_sign_in_codes
         where phone = $1 and used_at is null and expires_at > $2 and attempts < $3 order by id desc limit 1 for update`,
        [phone, now, CODE_MAX_TRIES],
      )
    ).rows[0];
    const given = Buffer.from(await hashOf(tx, phone, code.trim()));
    if (!row || !crypto.timingSafeEqual(Buffer.from(row.code_hash), given)) {
      throw new WrongCode(row ? row.id : null);
    }
    await tx.query('update citizen_sign_in_codes set used_at = $2 where id = $1', [row.id, now]);
    const userId = await citizenOfPhone(tx, phone, now);
    await linkRequestsToCitizen(tx, userId, phone);
    return userId;
  }).catch(async (e: unknown) => {
    if (!(e instanceof WrongCode)) throw e;
    // Counted outside the transaction the refusal rolled back.
    if (e.codeId !== null) await ctx.db.query('update citizen_sign_in_codes set attempts = attempts + 1 where id = $1', [e.codeId]);
    throw new AppError('invalid_credentials', 'Wrong or expired code; ask for a new one.', {}, '验证码错误或已过期，请重新获取。');
  });
}

class WrongCode extends Error {
  constructor(readonly codeId: number | null) {
    super('wrong code');
  }
}

async function citizenOfPhone(tx: Queryable, phone: string, now: Date): Promise<number> {
  const found = (await tx.query<{ id: number }>(`select id from users where username = $1`, [`phone:${phone}`])).rows[0];
  if (found) return found.id;
  // No password: such an account signs in by code only ('!' is no scrypt hash, so no password matches).
  const id = (
    await tx.query<{ id: number }>(
      `insert into users(username, display_name, password_hash, kind, phone, created_at) values ($1, $2, '!', 'citizen', $3, $4) returning id`,
      [`phone:${phone}`, maskPhone(phone), phone, now],
    )
  ).rows[0].id;
  await tx.query(`insert into user_roles(user_id, role, unit_id) values ($1, 'citizen', null)`, [id]);
  return id;
}

/** Opens a session for the user; the token is returned once and stored as a hash, like a password sign-in. */
export async function openCitizenSession(ctx: Ctx, userId: number, hours: number): Promise<{ token: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.now().getTime() + hours * 3600_000);
  await ctx.db.query(
    'insert into sessions(token_hash, user_id, created_at, expires_at, last_seen_at) values ($1, $2, $3, $4, $3)',
    [crypto.createHash('sha256').update(token).digest('hex'), userId, ctx.now(), expiresAt],
  );
  return { token, expiresAt };
}

import { z } from '@hono/zod-openapi';

// The most used passwords (public breach lists), lower-cased: refused whatever the padding.
const COMMON = new Set(
  `123456 123456789 12345678 1234567890 12345 1234567 password password1 password123 qwerty qwerty123 qwertyuiop 1q2w3e4r
  1q2w3e4r5t 1qaz2wsx abc123 abcd1234 111111 000000 666666 888888 123123 123321 654321 987654321 iloveyou admin admin123
  administrator welcome welcome1 letmein monkey dragon football baseball sunshine princess master shadow superman
  woaini 5201314 521521 aa123456 a123456 a12345678 qq123456 woaini1314 zxcvbnm zxcvbnm123 asdfghjkl 1234qwer
  changeme changeme123 passw0rd p@ssw0rd p@ssword secret secret123 test123 test1234 demo demo123 shaobao shaobao123`.split(/\s+/),
);

/** Why a password is too weak, or null. Length first (NIST SP 800-63B: length beats composition rules). */
export function passwordProblem(pw: string, username?: string): string | null {
  if ([...pw].length < 10) return 'at least 10 characters';
  const lower = pw.toLowerCase();
  const core = lower.replace(/[^a-z0-9@]/g, '');
  if (COMMON.has(lower) || COMMON.has(core) || COMMON.has(core.replace(/\d+$/, ''))) return 'not one of the most common passwords';
  if (new Set(pw).size < 4) return 'at least 4 different characters';
  if (/^(?:0123456789|1234567890|9876543210)+/.test(pw) && /^\d+$/.test(pw)) return 'not a run of digits';
  if (username && username.length >= 3 && lower.includes(username.toLowerCase())) return 'not containing the username';
  return null;
}

/** A new password chosen by a person. */
export const newPassword = () =>
  z
    .string()
    .max(200)
    .superRefine((pw, c) => {
      const problem = passwordProblem(pw);
      if (problem) c.addIssue({ code: 'custom', message: `password must be ${problem}` });
    });

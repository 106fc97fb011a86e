import { ROLE_LABELS } from '../../../shared/labels.ts';

export type DemoAccountLine = { username: string; password: string; roles: string[] };

export const DEMO_BANNER = 'Demo accounts of this installation (shown once, on first start):';

/** The demo accounts as printed once on first start: `  username  password  roles`. */
export function formatDemoAccounts(accounts: DemoAccountLine[]): string {
  const lines = accounts.map((a) => {
    const roles = a.roles.map((r) => ROLE_LABELS[r]?.zh ?? r).join('、');
    return `  ${a.username.padEnd(12)} ${a.password.padEnd(24)} ${roles}`;
  });
  return [DEMO_BANNER, ...lines].join('\n');
}

/** Reads the passwords back from a server's output (test and benchmark harnesses start a real server). */
export function parseDemoAccounts(output: string): Record<string, string> {
  const at = output.indexOf(DEMO_BANNER);
  if (at < 0) return {};
  const out: Record<string, string> = {};
  for (const line of output.slice(at + DEMO_BANNER.length).split('\n').slice(1)) {
    const m = /^ {2}(\S+) +(\S+)/.exec(line);
    if (!m) break;
    out[m[1]] = m[2];
  }
  return out;
}

import fs from 'node:fs';
import type { Db } from '../src/server/db/client.ts';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process in ms, and its parent, from /proc (Linux). */
function stat(pid: number): { cpuMs: number; ppid: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpuMs: (Number(f[11]) + Number(f[12])) * TICK_MS };
  } catch {
    return null;
  }
}

/** What a PostgreSQL child process is, from its title: "client backend", "walwriter", "autovacuum worker"… */
function kindOf(pid: number): string {
  try {
    const title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    const m = /^postgres: (.*)$/.exec(title);
    if (!m) return 'other';
    // "postgres: user db 127.0.0.1(port) idle" is a client backend; the others name themselves in a word or two.
    return /\d+\.\d+\.\d+\.\d+\(|\[local\]/.test(m[1]) ? 'client backend' : m[1].split(/\s+/).slice(0, 2).join(' ');
  } catch {
    return 'other';
  }
}

/** The database server's processes (postmaster first) with their CPU so far; null where /proc cannot tell. */
async function postgresProcesses(db: Db): Promise<{ pid: number; kind: string; cpuMs: number }[] | null> {
  const pid = (await db.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
  const postmaster = stat(pid)?.ppid;
  if (!postmaster || !stat(postmaster)) return null;
  const out = [{ pid: postmaster, kind: 'postmaster', cpuMs: stat(postmaster)!.cpuMs }];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = stat(Number(d));
    if (s?.ppid === postmaster) out.push({ pid: Number(d), kind: kindOf(Number(d)), cpuMs: s.cpuMs });
  }
  return out;
}

/**
 * CPU the database server's processes (postmaster and every child: backends, WAL writer,
 * checkpointer) have used so far, in ms; null where /proc cannot tell (not Linux, another host).
 * On a shared machine wall time swings with the neighbours' load, CPU time much less: the
 * difference over a run is the work the run made the database do.
 */
export async function postgresCpuMs(db: Db): Promise<number | null> {
  const ps = await postgresProcesses(db);
  return ps ? ps.reduce((a, p) => a + p.cpuMs, 0) : null;
}

/**
 * The same, by kind of process, as a snapshot whose `since` gives what each kind used after it
 * (processes that ended in between are lost: their CPU is not counted).
 */
export async function postgresCpuByKind(db: Db): Promise<{ since(): Promise<Record<string, number>> } | null> {
  const before = await postgresProcesses(db);
  if (!before) return null;
  const was = new Map(before.map((p) => [p.pid, p.cpuMs]));
  return {
    async since() {
      const out: Record<string, number> = {};
      for (const p of (await postgresProcesses(db)) ?? []) out[p.kind] = (out[p.kind] ?? 0) + p.cpuMs - (was.get(p.pid) ?? 0);
      return out;
    },
  };
}

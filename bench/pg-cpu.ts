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

/**
 * CPU the database server's processes (postmaster and every child: backends, WAL writer,
 * checkpointer) have used so far, in ms; null where /proc cannot tell (not Linux, another host).
 * On a shared machine wall time swings with the neighbours' load, CPU time much less: the
 * difference over a run is the work the run made the database do.
 */
export async function postgresCpuMs(db: Db): Promise<number | null> {
  const pid = (await db.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
  const postmaster = stat(pid)?.ppid;
  if (!postmaster || !stat(postmaster)) return null;
  let total = stat(postmaster)!.cpuMs;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = stat(Number(d));
    if (s?.ppid === postmaster) total += s.cpuMs;
  }
  return total;
}

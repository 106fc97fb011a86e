import { useEffect, useState } from 'react';
import { useW } from './whistle-messages.ts';

/** Time left to a report-in deadline, ticking each second; past it, how late. */
export function Countdown({ to, testid }: { to: string; testid?: string }) {
  const { w } = useW();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const ms = new Date(to).getTime() - now;
  if (ms <= 0) return <span className="badge overdue" data-testid={testid}>{w('overdue')}</span>;
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return <span className="countdown" data-testid={testid}>{d ? `${d}d ` : ''}{hms}</span>;
}

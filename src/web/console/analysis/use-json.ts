import { useEffect, useState } from 'react';
import { api } from '../../shared/api.ts';

/** GET a JSON answer whenever `url` changes; an answer that arrives after the next change is dropped. */
export function useJson<T>(url: string | null): { data: T | null; error: unknown } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!url) return;
    let alive = true;
    setData(null);
    api<T>(url)
      .then((d) => {
        if (!alive) return;
        setData(d);
        setError(null);
      })
      .catch((e) => alive && setError(e));
    return () => {
      alive = false;
    };
  }, [url]);
  return { data, error };
}

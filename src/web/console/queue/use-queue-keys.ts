import { useEffect, useRef } from 'react';
import { navigate } from '../../shared/router.ts';
import type { OrderSummary } from '../../shared/types.ts';

/** True when a key press belongs to what the person is typing in, not to the page. */
export function typing(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) || e.ctrlKey || e.metaKey || e.altKey;
}

type Keys = { rows: OrderSummary[]; active: number; setActive: (i: number) => void; toggle: (id: number) => void; focusSearch: () => void };

/**
 * An agent's keys on the queue: n new intake, j/k next/previous row, o or Enter open it, x select
 * it, / search. Keys typed into a field are the field's.
 */
export function useQueueKeys(k: Keys): void {
  const ref = useRef(k);
  ref.current = k;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e)) return;
      const { rows, active, setActive, toggle, focusSearch } = ref.current;
      const row = rows[active];
      const move = (i: number) => {
        e.preventDefault();
        const at = Math.max(0, Math.min(rows.length - 1, i));
        setActive(at);
        document.querySelectorAll<HTMLElement>('[data-testid="queue-row-link"]')[at]?.focus();
      };
      if (e.key === 'n') {
        e.preventDefault();
        navigate('/console/intake');
      } else if (e.key === 'j') move(active + 1);
      else if (e.key === 'k') move(active - 1);
      // Enter on a focused link or button is theirs; o opens the chosen row from anywhere.
      else if (row && (e.key === 'o' || (e.key === 'Enter' && !(e.target instanceof HTMLAnchorElement || e.target instanceof HTMLButtonElement)))) {
        e.preventDefault();
        navigate(`/console/orders/${row.id}`);
      } else if (e.key === 'x' && row) {
        e.preventDefault();
        toggle(row.id);
      } else if (e.key === '/') {
        e.preventDefault();
        focusSearch();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

import type { ReactNode } from 'react';

/**
 * A wide table that scrolls inside its own box on a narrow screen; the box takes the keyboard focus
 * so people who do not use a mouse can scroll it too (and it is named for screen readers).
 */
export function TableBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

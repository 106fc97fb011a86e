import { useEffect, useId, useState, type KeyboardEvent, type MouseEvent } from 'react';

/**
 * The keyboard model of an ARIA combobox (a text box with a list of suggestions): ↓/↑ move through
 * the options, Enter picks the highlighted one, Escape closes the list. Enter never reaches the
 * surrounding form: a half-typed search must not submit whatever the form already holds.
 */
export function useCombobox<T>(items: readonly T[], onPick: (item: T) => void, onClose: () => void) {
  const listId = useId();
  const [active, setActive] = useState(-1);
  const open = items.length > 0;
  useEffect(() => setActive(-1), [items]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = items.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!n) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a < 0 ? (step > 0 ? 0 : n - 1) : (a + step + n) % n));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (open && active >= 0 && active < n) onPick(items[active]);
    } else if (e.key === 'Escape' && open) {
      // Close the list only; a second Escape is left to the browser and the page.
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  };

  const optionId = (i: number) => `${listId}-o${i}`;
  return {
    open,
    active,
    inputProps: {
      role: 'combobox' as const,
      'aria-autocomplete': 'list' as const,
      'aria-expanded': open,
      'aria-controls': open ? listId : undefined,
      'aria-activedescendant': open && active >= 0 ? optionId(active) : undefined,
      onKeyDown,
    },
    listProps: { id: listId, role: 'listbox' as const },
    optionProps: (i: number, selected = false) => ({
      id: optionId(i),
      role: 'option' as const,
      'aria-selected': i === active || selected,
      className: i === active ? 'option active' : 'option',
      // Keep the focus in the text box while the pointer picks.
      onMouseDown: (e: MouseEvent) => e.preventDefault(),
      onClick: () => onPick(items[i]),
    }),
  };
}

import { useEffect, useRef } from 'react';

/** A "select all" checkbox that shows the mixed state when some, not all, of its records are chosen. */
export function useMixedCheckbox(chosen: number, of: number) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // As a file manager does: partly chosen is neither ticked nor empty.
    if (ref.current) ref.current.indeterminate = chosen > 0 && chosen < of;
  }, [chosen, of]);
  return ref;
}

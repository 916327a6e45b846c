import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A native modal <dialog>: the browser traps focus, Escape closes it, and the page
 * behind is inert. `onClose` runs however it closes. The parent unmounts it to close,
 * so focus is handed back here: to the control that opened it, or to the main region
 * when that control is gone (the row of a deleted app).
 */
export function ModalDialog(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // Read while rendering, before showModal moves focus into the dialog.
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  const onClose = useRef(props.onClose);
  useEffect(() => {
    onClose.current = props.onClose;
  });

  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    const handleClose = () => onClose.current();
    dialog.addEventListener('close', handleClose);
    return () => {
      dialog.removeEventListener('close', handleClose);
      // After React removes the dialog, so the page is no longer inert.
      queueMicrotask(() => {
        const target = opener?.isConnected ? opener : document.getElementById('main');
        target?.focus();
      });
    };
  }, [opener]);

  return (
    <dialog ref={ref} className={props.wide ? 'dialog wide' : 'dialog'} aria-labelledby="dialog-title">
      <h2 id="dialog-title">{props.title}</h2>
      {props.children}
    </dialog>
  );
}

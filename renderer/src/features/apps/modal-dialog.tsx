import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A native modal <dialog>: the browser traps focus, Escape closes it, and the page
 * behind is inert. `onClose` runs however it closes.
 */
export function ModalDialog(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const { onClose } = props;
  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    const handleClose = () => onClose();
    dialog.addEventListener('close', handleClose);
    return () => dialog.removeEventListener('close', handleClose);
  }, [onClose]);
  return (
    <dialog ref={ref} className={props.wide ? 'dialog wide' : 'dialog'} aria-labelledby="dialog-title">
      <h2 id="dialog-title">{props.title}</h2>
      {props.children}
    </dialog>
  );
}

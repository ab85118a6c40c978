"use client";

import { X } from "lucide-react";
import { useEffect, useRef } from "react";
import type { ReactNode } from "react";

type ModalProps = {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  /** Secrets shown once must not vanish on a stray Escape or backdrop click. */
  dismissible?: boolean;
};

/** A native <dialog>: focus trapping, Escape and the top layer come from the browser. */
export function Modal({ open, title, onClose, children, footer, dismissible = true }: ModalProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={dialogRef}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        if (dismissible) onClose();
      }}
      onClick={(event) => {
        if (dismissible && event.target === dialogRef.current) onClose();
      }}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-zinc-700 bg-zinc-900 p-0 text-zinc-200 shadow-2xl shadow-black/60 backdrop:bg-black/70"
    >
      {open && (
        <div className="flex flex-col">
          <header className="flex items-center justify-between border-b border-zinc-800 px-5 py-3">
            <h2 className="text-base font-semibold text-zinc-100">{title}</h2>
            {dismissible && (
              <button type="button" onClick={onClose} className="rounded p-1 text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100" aria-label="Close">
                <X className="size-4" />
              </button>
            )}
          </header>
          <div className="px-5 py-4 text-sm">{children}</div>
          {footer && <footer className="flex justify-end gap-2 border-t border-zinc-800 px-5 py-3">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}

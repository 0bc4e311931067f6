import type { ReactNode, Ref } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';

/** A destructive dialog's check: the person types the object's name before the button turns on. */
export function ConfirmNameField({
  id,
  value,
  onValue,
}: {
  id: string;
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        Type the object’s name to confirm
      </label>
      <Input
        id={id}
        value={value}
        onChange={(e) => onValue(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        mono
        danger
        className="mt-1"
      />
    </div>
  );
}

/** A destructive dialog's buttons: Cancel closes it; the red submit runs it. */
export function ConfirmDeleteActions({
  onCancel,
  disabled,
  children,
}: {
  onCancel: () => void;
  disabled: boolean;
  children: ReactNode;
}) {
  return (
    <div className="flex justify-end gap-2">
      <Button variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" variant="danger" disabled={disabled}>
        {children}
      </Button>
    </div>
  );
}

/** A destructive action's modal: a form whose submit runs `onConfirm` (the page stays put). */
export function ConfirmDialog({
  ref,
  labelledBy,
  onConfirm,
  children,
}: {
  ref: Ref<HTMLDialogElement>;
  labelledBy: string;
  onConfirm: () => void;
  children: ReactNode;
}) {
  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl"
    >
      <form
        method="dialog"
        className="space-y-4 p-6"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        {children}
      </form>
    </dialog>
  );
}

import type { ComponentProps, ReactNode } from 'react';
import { cn } from '@/lib/cn';

type Look = { size?: 'sm' | 'md'; mono?: boolean };

/** The one text-control look: slate ring, indigo focus ring, red ring when aria-invalid. */
export function inputClass({ size = 'md', mono = false }: Look = {}): string {
  return cn(
    'w-full rounded-md border-0 px-3 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-red-400',
    size === 'sm' ? 'py-1.5' : 'py-2',
    mono && 'font-mono',
  );
}

export function Input({
  size,
  mono,
  className,
  ...props
}: Omit<ComponentProps<'input'>, 'size'> & Look) {
  return <input className={cn(inputClass({ size, mono }), className)} {...props} />;
}

export function Textarea({ size, mono, className, ...props }: ComponentProps<'textarea'> & Look) {
  return <textarea className={cn(inputClass({ size, mono }), className)} {...props} />;
}

type ControlProps = { id: string; 'aria-describedby'?: string; 'aria-invalid': boolean };

/**
 * A label, an optional hint and the first error, wired to the control: the control gets the id,
 * aria-describedby (hint and error) and aria-invalid, so screen readers read all three.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        'aria-invalid': Boolean(error),
      })}
      {error ? (
        <p id={errorId} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

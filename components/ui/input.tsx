import type { ComponentProps, ReactNode } from 'react';
import { cn } from '@/lib/cn';

type Look = {
  size?: 'sm' | 'md';
  mono?: boolean;
  /** A red focus ring, for destructive confirmations. */ danger?: boolean;
};

function controlClass({ size = 'md', mono = false, danger = false }: Look): string {
  return cn(
    'rounded-md border-0 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 aria-[invalid=true]:ring-red-400',
    danger ? 'focus:ring-red-600' : 'focus:ring-indigo-600',
    size === 'sm' ? 'py-1.5' : 'py-2',
    mono && 'font-mono',
  );
}

/** The one text-control look: slate ring, indigo focus ring, red ring when aria-invalid. */
export function inputClass(look: Look = {}): string {
  return cn('w-full px-3', controlClass(look));
}

export function Input({
  size,
  mono,
  danger,
  className,
  ...props
}: Omit<ComponentProps<'input'>, 'size'> & Look) {
  return <input className={cn(inputClass({ size, mono, danger }), className)} {...props} />;
}

export function Textarea({ size, mono, className, ...props }: ComponentProps<'textarea'> & Look) {
  return <textarea className={cn(inputClass({ size, mono }), className)} {...props} />;
}

/** A select in the same look, sized to its options (room on the right for the arrow). */
export function Select({
  size,
  className,
  ...props
}: Omit<ComponentProps<'select'>, 'size'> & Pick<Look, 'size'>) {
  return <select className={cn('pr-8 pl-3', controlClass({ size }), className)} {...props} />;
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
  compact = false,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** A small, quieter label, for fields packed in a row. */
  compact?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  return (
    <div>
      <label
        htmlFor={id}
        className={cn(
          'block font-medium',
          compact ? 'text-xs text-slate-600' : 'text-sm text-slate-800',
        )}
      >
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

type FieldFrame = {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  compact?: boolean;
  /** Called with the new text on every change. */
  onValue: (value: string) => void;
};

type Bindable<E> = { onChange?: (e: React.ChangeEvent<E>) => void };

/** A Field around one control, bound to a string: the usual labelled text box or text area. */
function boundField<E extends HTMLInputElement | HTMLTextAreaElement, P extends Bindable<E>>(
  Control: (props: P) => ReactNode,
) {
  return function BoundField({
    id,
    label,
    hint,
    error,
    compact,
    onValue,
    ...control
  }: FieldFrame & Omit<P, 'id' | 'onChange'>) {
    return (
      <Field id={id} label={label} hint={hint} error={error} compact={compact}>
        {(c) => (
          <Control
            {...c}
            {...(control as unknown as P)}
            onChange={(e: React.ChangeEvent<E>) => onValue(e.target.value)}
          />
        )}
      </Field>
    );
  };
}

export const TextField = boundField<HTMLInputElement, ComponentProps<typeof Input>>(Input);
export const TextareaField = boundField<HTMLTextAreaElement, ComponentProps<typeof Textarea>>(
  Textarea,
);

/** A reason or comment for approvers and the audit trail: two rows, at most 500 characters (the schemas' limit). */
export function ReasonField(
  props: Omit<ComponentProps<typeof TextareaField>, 'rows' | 'maxLength'>,
) {
  return <TextareaField rows={2} maxLength={500} {...props} />;
}

/** A group of radio buttons over one value, each a label around its input. */
export function RadioOptions<V extends string>({
  name,
  value,
  onChange,
  options,
  labelClassName,
}: {
  name: string;
  value: V;
  onChange: (value: V) => void;
  options: readonly { value: V; label: ReactNode }[];
  labelClassName: string;
}) {
  return options.map((o) => (
    <label key={o.value} className={labelClassName}>
      <input
        type="radio"
        name={name}
        checked={value === o.value}
        onChange={() => onChange(o.value)}
      />
      {o.label}
    </label>
  ));
}

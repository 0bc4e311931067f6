import { cn } from '@/lib/cn';
import { buttonClass } from './button';
import { inputClass } from './input';

/** A GET search form: the query lives in the URL, so results can be shared and reloaded. */
export function SearchForm({
  action,
  id,
  label,
  placeholder,
  defaultValue,
  autoFocus,
}: {
  action: string;
  id: string;
  label: string;
  placeholder: string;
  defaultValue: string;
  autoFocus?: boolean;
}) {
  return (
    <form role="search" action={action} className="mb-4 flex max-w-xl gap-2">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        name="q"
        defaultValue={defaultValue}
        autoFocus={autoFocus}
        placeholder={placeholder}
        className={cn(inputClass(), 'placeholder:text-slate-500')}
      />
      <button type="submit" className={buttonClass('primary')}>
        Search
      </button>
    </form>
  );
}

'use client';

import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { VAULT_LIMITS } from '@/lib/vault/limits';

export type PairDraft = { id: number; key: string; value: string };

/** organization_id is fixed to the current org; up to nine more pairs can be added. */
export function ContextBuilder({
  orgId,
  pairs,
  onChange,
  errorFor,
  listError,
}: {
  orgId: string;
  pairs: PairDraft[];
  onChange: (pairs: PairDraft[]) => void;
  /** The first error for the i-th added pair (0-based); each form knows its own schema's paths. */
  errorFor: (index: number, part: 'key' | 'value') => string | undefined;
  /** An error about the pairs as a whole (too many, a key used twice). */
  listError?: string;
}) {
  const max = VAULT_LIMITS.contextMaxPairs - 1;
  const update = (id: number, patch: Partial<PairDraft>) =>
    onChange(pairs.map((p) => (p.id === id ? { ...p, ...patch } : p)));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-800">Key context</legend>
      <p className="text-sm text-slate-600">
        The key context picks the encryption keys: one key per pair, or the organization’s own key
        when it uses BYOK. It is <strong>fixed at creation and can never be changed</strong>; to
        change it you create a new object.
      </p>
      <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] items-center gap-2 text-sm">
        <span className="text-xs font-medium text-slate-500">Key</span>
        <span className="text-xs font-medium text-slate-500">Value</span>
        <span />
        <input
          aria-label="Key 1"
          value="organization_id"
          readOnly
          className="w-full min-w-0 rounded-md border-0 bg-slate-100 px-3 py-1.5 font-mono text-sm text-slate-700 ring-1 ring-slate-200 ring-inset"
        />
        <input
          aria-label="Value 1"
          value={orgId}
          readOnly
          className="w-full min-w-0 rounded-md border-0 bg-slate-100 px-3 py-1.5 font-mono text-sm text-slate-700 ring-1 ring-slate-200 ring-inset"
        />
        <span className="text-xs text-slate-500">fixed</span>
        {pairs.map((p, i) => (
          <div key={p.id} className="contents">
            {(['key', 'value'] as const).map((part) => {
              const error = errorFor(i, part);
              const errorId = `pair-${p.id}-${part}-error`;
              return (
                <div key={part}>
                  <Input
                    aria-label={`${part === 'key' ? 'Key' : 'Value'} ${i + 2}`}
                    value={p[part]}
                    onChange={(e) => update(p.id, { [part]: e.target.value })}
                    aria-invalid={Boolean(error)}
                    aria-describedby={error ? errorId : undefined}
                    placeholder={part === 'key' ? 'e.g. environment' : 'e.g. production'}
                    size="sm"
                    mono
                  />
                  {error ? (
                    <p id={errorId} className="mt-1 text-xs text-red-700">
                      {error}
                    </p>
                  ) : null}
                </div>
              );
            })}
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Remove pair ${i + 2}`}
              onClick={() => onChange(pairs.filter((x) => x.id !== p.id))}
            >
              Remove
            </Button>
          </div>
        ))}
      </div>
      <Button
        size="sm"
        disabled={pairs.length >= max}
        onClick={() => onChange([...pairs, { id: Date.now() + Math.random(), key: '', value: '' }])}
      >
        Add pair
      </Button>
      <p className="text-xs text-slate-500">
        {pairs.length + 1} of {VAULT_LIMITS.contextMaxPairs} pairs. Keys and values are text; values
        are at most {VAULT_LIMITS.contextValueMaxChars} characters.
      </p>
      {listError ? <p className="text-sm text-red-700">{listError}</p> : null}
    </fieldset>
  );
}

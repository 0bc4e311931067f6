import { Badge, type BadgeTone } from '@/components/ui/badge';

const TONES: Record<string, BadgeTone> = {
  new: 'blue',
  changed: 'amber',
  unchanged: 'neutral',
  exists: 'neutral',
  taken: 'red',
  no_org: 'red',
  unreadable: 'red',
  created: 'green',
  updated: 'green',
  skipped: 'amber',
  failed: 'red',
};

/**
 * A batch form's row status (import, create in several organizations): a badge in the status's
 * colour, and the row's note underneath. `outcome` is what happened on apply (its note in full
 * contrast), otherwise what the preview expects.
 */
export function RowStatus({
  status,
  label = status,
  note,
  outcome = false,
}: {
  status: string;
  label?: string;
  note: string | null;
  outcome?: boolean;
}) {
  return (
    <>
      <Badge tone={TONES[status] ?? 'neutral'}>{label}</Badge>
      {note ? (
        <div className={outcome ? 'mt-1 text-xs' : 'mt-1 text-xs text-slate-600'}>{note}</div>
      ) : null}
    </>
  );
}

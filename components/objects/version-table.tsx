import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { Table, Td } from '@/components/ui/table';
import { RelativeTime } from '@/components/ui/relative-time';
import { formatBytes } from '@/lib/format';
import type { ObjectVersion } from '@/lib/vault/objects';
import type { EventAuthor } from '@/lib/activity/queries';
import { sourceLabel } from '@/lib/activity/labels';

type Author = { email: string; at: string };

export function VersionTable({
  versions,
  authors,
  eventAuthors = {},
  eventsSince = null,
  showSizes,
  earlierValue,
}: {
  versions: ObjectVersion[];
  /**
   * Stored sizes only for people who may read values: the size of the encrypted record follows
   * the value's length, which is more than a metadata reader needs (R3-14).
   */
  showSizes: boolean;
  authors: Record<string, Author>;
  /** Authors matched from WorkOS vault.data.created/updated events (label already built). */
  eventAuthors?: Record<string, EventAuthor>;
  /** The oldest event the console holds, to say why an older version has no author. */
  eventsSince?: string | null;
  /** The "Earlier value" cell of each version (restore from a recovery copy), when shown. */
  earlierValue?: (v: ObjectVersion) => ReactNode;
}) {
  return (
    <Table
      caption="Version history, newest first"
      columns={[
        'Version',
        'Created',
        'Author',
        ...(showSizes
          ? [
              {
                label: (
                  <abbr
                    title="Bytes of the stored encrypted record, not of the plaintext value"
                    className="no-underline"
                  >
                    Stored size
                  </abbr>
                ),
                align: 'right' as const,
              },
            ]
          : []),
        ...(earlierValue ? ['Earlier value'] : []),
      ]}
    >
      {versions.map((v, i) => {
        const author = authors[v.id];
        const fromEvent = eventAuthors[v.id];
        return (
          <tr key={v.id} className={v.current ? 'bg-indigo-50/40' : undefined}>
            <Td>
              <div className="flex items-center gap-2">
                <span className="font-mono text-xs break-all">{v.id}</span>
                {v.current ? <Badge tone="indigo">Current</Badge> : null}
              </div>
              <div
                className="mt-0.5 font-mono text-[11px] text-slate-600"
                title="ETag: MD5 of the stored encrypted record"
              >
                etag {v.etag}
              </div>
            </Td>
            <Td kind="time">
              <RelativeTime date={v.createdAt} show="absolute" />
              <span className="sr-only">
                {' '}
                (version {versions.length - i} of {versions.length})
              </span>
            </Td>
            <Td kind="muted">
              {author ? (
                <>
                  {author.email} <span className="text-slate-600">(through the console)</span>
                </>
              ) : fromEvent ? (
                <>
                  {fromEvent.label}
                  {fromEvent.source ? (
                    <span className="text-slate-600">, {sourceLabel(fromEvent.source)}</span>
                  ) : null}
                </>
              ) : (
                <span className="text-slate-600">
                  Outside the console; no WorkOS event matches this version
                  {eventsSince && Date.parse(v.createdAt) < Date.parse(eventsSince)
                    ? ' (it predates the console’s event history)'
                    : ''}
                </span>
              )}
            </Td>
            {showSizes ? (
              <Td kind="number" className="text-slate-700">
                {formatBytes(v.size)}
              </Td>
            ) : null}
            {earlierValue ? <Td kind="muted">{earlierValue(v)}</Td> : null}
          </tr>
        );
      })}
    </Table>
  );
}

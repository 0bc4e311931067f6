import { Badge } from '@/components/ui/badge';
import { Table } from '@/components/ui/table';
import { RelativeTime } from '@/components/ui/relative-time';
import { formatBytes } from '@/lib/format';
import type { ObjectVersion } from '@/lib/vault/objects';

type Author = { email: string; at: string };

export function VersionTable({
  versions,
  authors,
}: {
  versions: ObjectVersion[];
  authors: Record<string, Author>;
}) {
  return (
    <Table
      caption="Version history, newest first"
      columns={[
        'Version',
        'Created',
        'Changed through the console by',
        {
          label: (
            <abbr
              title="Bytes of the stored encrypted record, not of the plaintext value"
              className="no-underline"
            >
              Stored size
            </abbr>
          ),
          align: 'right',
        },
      ]}
    >
      {versions.map((v, i) => {
        const author = authors[v.id];
        return (
          <tr key={v.id} className={v.current ? 'bg-indigo-50/40' : undefined}>
            <td className="px-4 py-2.5">
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
            </td>
            <td className="px-4 py-2.5 whitespace-nowrap text-slate-700">
              <RelativeTime date={v.createdAt} show="absolute" />
              <span className="sr-only">
                {' '}
                (version {versions.length - i} of {versions.length})
              </span>
            </td>
            <td className="px-4 py-2.5 text-slate-700">
              {author ? (
                author.email
              ) : (
                <span className="text-slate-600">Outside the console (API or dashboard)</span>
              )}
            </td>
            <td className="px-4 py-2.5 text-right tabular-nums text-slate-700">
              {formatBytes(v.size)}
            </td>
          </tr>
        );
      })}
    </Table>
  );
}

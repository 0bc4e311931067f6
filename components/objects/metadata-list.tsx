import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import type { ObjectMetadata } from '@/lib/vault/objects';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 px-5 py-3 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="min-w-0 text-sm text-slate-900 sm:col-span-2">{children}</dd>
    </div>
  );
}

function Mono({ value }: { value: string }) {
  return (
    <span className="flex flex-wrap items-center gap-1">
      <span className="font-mono text-xs break-all">{value}</span>
      <CopyButton text={value} />
    </span>
  );
}

export function MetadataList({ meta, orgName }: { meta: ObjectMetadata; orgName: string | null }) {
  return (
    <dl className="divide-y divide-slate-100">
      <Row label="Name">
        <Mono value={meta.name} />
      </Row>
      <Row label="Object id">
        <Mono value={meta.id} />
      </Row>
      <Row label="Current version">{meta.versionId ? <Mono value={meta.versionId} /> : '—'}</Row>
      <Row label="Updated">
        <RelativeTime date={meta.updatedAt} /> by {meta.updatedBy.name}{' '}
        <span className="font-mono text-xs text-slate-500">({meta.updatedBy.id})</span>
      </Row>
      <Row label="Key id">
        <Mono value={meta.keyId} />
      </Row>
      <Row label="Environment">
        <Mono value={meta.environmentId} />
      </Row>
      <Row label="Key context">
        <table className="text-sm">
          <caption className="sr-only">
            Key context pairs (fixed when the object was created)
          </caption>
          <tbody>
            {Object.entries(meta.context).map(([k, v]) => (
              <tr key={k}>
                <th
                  scope="row"
                  className="pr-3 text-left align-top font-mono text-xs font-normal text-slate-600"
                >
                  {k}
                </th>
                <td className="font-mono text-xs break-all">
                  {v}
                  {k === 'organization_id' && orgName ? (
                    <span className="ml-2 font-sans text-slate-500">({orgName})</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-1 text-xs text-slate-500">
          The key context picks the encryption keys and never changes after creation.
        </p>
      </Row>
    </dl>
  );
}

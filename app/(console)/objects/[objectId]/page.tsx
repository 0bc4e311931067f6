import Link from 'next/link';
import { MetadataList } from '@/components/objects/metadata-list';
import { SdkSnippet } from '@/components/objects/sdk-snippet';
import { VersionTable } from '@/components/objects/version-table';
import { Card, CardHeader } from '@/components/ui/card';
import { ErrorPanel } from '@/components/ui/error-panel';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/session';
import { cachedOrgNames } from '@/lib/orgs';
import { versionAuthors } from '@/lib/vault/audit';
import { describeObject, listVersions } from '@/lib/vault/objects';

export const metadata = { title: 'Object' };

export default async function ObjectPage({ params }: { params: Promise<{ objectId: string }> }) {
  await requirePermission('vault.metadata:read');
  const { objectId } = await params;
  const [described, versions, authors] = await Promise.all([describeObject(objectId), listVersions(objectId), versionAuthors(objectId)]);
  if (!described.ok) {
    return (
      <>
        <PageHeader eyebrow={<Link prefetch={false} href="/orgs" className="hover:underline">Organizations</Link>} title="Object" />
        <ErrorPanel error={described.error} retryHref={`/objects/${encodeURIComponent(objectId)}`} what={`object ${objectId}`} />
      </>
    );
  }
  const meta = described.value;
  const orgName = meta.orgId ? ((await cachedOrgNames([meta.orgId])).get(meta.orgId) ?? null) : null;
  const authorMap = Object.fromEntries([...authors].map(([k, v]) => [k, { email: v.email, at: v.at.toISOString() }]));

  return (
    <>
      <PageHeader
        eyebrow={
          <nav aria-label="Breadcrumb" className="flex gap-1">
            <Link prefetch={false} href="/orgs" className="hover:underline">Organizations</Link>
            {meta.orgId ? (
              <>
                <span aria-hidden>/</span>
                <Link prefetch={false} href={`/orgs/${meta.orgId}`} className="hover:underline">
                  {orgName ?? meta.orgId}
                </Link>
              </>
            ) : null}
          </nav>
        }
        title={<span className="font-mono text-xl">{meta.name}</span>}
        description="Metadata and versions come from describe and the version list; nothing on this page decrypts the value."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Metadata" />
            <MetadataList meta={meta} orgName={orgName} />
          </Card>
          <Card className="overflow-hidden">
            <CardHeader title="Version history" description="Sizes are of the stored encrypted record, not of the plaintext. Authors come from the console’s own audit trail." />
            {versions.ok ? <VersionTable versions={versions.value} authors={authorMap} /> : <div className="p-4"><ErrorPanel error={versions.error} what="versions" retryHref={`/objects/${encodeURIComponent(objectId)}`} /></div>}
          </Card>
        </div>
        <div className="space-y-6">
          <Card className="overflow-hidden">
            <CardHeader title="Same calls with the SDK" />
            <SdkSnippet objectId={meta.id} />
          </Card>
        </div>
      </div>
    </>
  );
}

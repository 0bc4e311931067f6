import { CopyButton } from '@/components/ui/copy-button';

/** The same calls this page makes, for engineers who want to script them. No value is included. */
export function SdkSnippet({ objectId }: { objectId: string }) {
  const code = `import { WorkOS } from '@workos-inc/node';

const workos = new WorkOS(process.env.WORKOS_API_KEY);

// What this page shows (metadata only; emits vault.metadata.read, never decrypts):
const object = await workos.vault.describeObject({ id: '${objectId}' });
const versions = await workos.vault.listObjectVersions({ id: '${objectId}' });

// Reading the value decrypts it and emits vault.data.read:
// const { value } = await workos.vault.readObject({ id: '${objectId}' });`;
  return (
    <div>
      <div className="keep-colors flex justify-end bg-slate-900 px-2 pt-2">
        <CopyButton text={code} label="Copy snippet" tone="dark" />
      </div>
      <pre className="keep-colors overflow-x-auto rounded-b-lg bg-slate-900 px-4 pb-4 text-xs leading-relaxed break-all whitespace-pre-wrap text-slate-100">
        <code>{code}</code>
      </pre>
    </div>
  );
}

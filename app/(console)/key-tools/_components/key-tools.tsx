'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { ContextBuilder, type PairDraft } from '@/components/forms/context-builder';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Field, TextField, TextareaField, inputClass } from '@/components/ui/input';
import { cn } from '@/lib/cn';
import { detectEnvelope, EnvelopeError } from '@/lib/keys/envelope';
import { decryptWithDataKey, encryptWithDataKey } from '../actions';
import { DecryptAccessForm } from './decrypt-access';

const field = cn(inputClass({ mono: true }), 'mt-1');

function Inspect({ ciphertext }: { ciphertext: string }) {
  const info = useMemo(() => {
    if (!ciphertext.trim()) return null;
    try {
      const p = detectEnvelope(ciphertext.trim());
      return { ok: true as const, p };
    } catch (err) {
      return {
        ok: false as const,
        message: err instanceof EnvelopeError ? err.message : 'Not a Vault ciphertext.',
      };
    }
  }, [ciphertext]);
  if (!info) return null;
  if (!info.ok) return <p className="text-sm text-red-700">{info.message}</p>;
  return (
    <dl
      className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 rounded-md bg-slate-50 p-3 text-xs ring-1 ring-slate-200"
      aria-label="What this ciphertext carries"
    >
      <dt className="text-slate-600">Data key id</dt>
      <dd className="font-mono break-all">
        {info.p.dataKeyId ?? 'not found (not a WOS.EKM.v1 key blob)'}
      </dd>
      <dt className="text-slate-600">Key context</dt>
      <dd className="font-mono break-all">
        {info.p.context
          ? Object.entries(info.p.context)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')
          : 'not readable from the blob (WorkOS keeps it opaque)'}
      </dd>
      <dt className="text-slate-600">Layout</dt>
      <dd>
        {info.p.layout}-byte IV · {info.p.ciphertext.length} bytes of ciphertext
      </dd>
    </dl>
  );
}

/** Encrypt and decrypt with Vault data keys. Inputs are never given a name, so no form can send them. */
export function KeyTools({
  defaultOrgId,
  maskAfterSeconds,
  decryptApproval,
}: {
  defaultOrgId: string | null;
  /** Set when some approval policy puts key-tools decrypts behind approval (the request form shows). */
  decryptApproval: { maxGrantMinutes: number; ticketRequired: boolean } | null;
  /** Decrypted output is dropped after this long, like a revealed value (REVEAL_MASK_AFTER_SECONDS). */
  maskAfterSeconds: number;
}) {
  const [pairs, setPairs] = useState<PairDraft[]>([]);
  const [orgId, setOrgId] = useState(defaultOrgId ?? '');
  const plainRef = useRef<HTMLTextAreaElement>(null);
  const [aadEnc, setAadEnc] = useState('');
  const [encrypted, setEncrypted] = useState<string>('');
  const enc = useServerAction(encryptWithDataKey, 'read');
  const fieldErrors = enc.error?.fieldErrors ?? {};
  const [cipherIn, setCipherIn] = useState('');
  const [aadDec, setAadDec] = useState('');
  const [decrypted, setDecrypted] = useState<string | null>(null);
  const [maskedNotice, setMaskedNotice] = useState<string | null>(null);
  // Decrypted output re-masks like a revealed value (F15e).
  useEffect(() => {
    if (decrypted === null) return;
    const timer = setTimeout(() => {
      setDecrypted(null);
      setMaskedNotice('Hidden again after the time limit.');
    }, maskAfterSeconds * 1000);
    return () => clearTimeout(timer);
  }, [decrypted, maskAfterSeconds]);
  const dec = useServerAction(decryptWithDataKey, 'read');
  // One request at a time across both panels, as before.
  const pending = enc.pending || dec.pending;
  const cipherOrg = useMemo(() => {
    try {
      return detectEnvelope(cipherIn.trim()).context?.organization_id ?? null;
    } catch {
      return null;
    }
  }, [cipherIn]);

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section
        aria-labelledby="enc-title"
        className="space-y-4 rounded-lg bg-white p-5 shadow-xs ring-1 ring-slate-200"
      >
        <h2 id="enc-title" className="text-sm font-semibold">
          Encrypt
        </h2>
        <TextField
          id="enc-org"
          label="organization_id"
          value={orgId}
          onValue={setOrgId}
          placeholder="org_…"
          mono
          className="mt-1"
        />
        <ContextBuilder
          orgId={orgId || '(set above)'}
          pairs={pairs}
          onChange={setPairs}
          // The action's context list starts with the organization_id pair when one is set.
          errorFor={(i, part) => fieldErrors[`context.${i + (orgId ? 1 : 0)}.${part}`]?.[0]}
          listError={fieldErrors.context?.[0]}
        />
        <Field id="enc-plaintext" label="Plaintext">
          {(control) => (
            <textarea
              {...control}
              ref={plainRef}
              rows={4}
              spellCheck={false}
              autoComplete="off"
              className={field}
            />
          )}
        </Field>
        <TextField
          id="enc-aad"
          label="Associated data (optional)"
          value={aadEnc}
          onValue={setAadEnc}
          mono
          className="mt-1"
        />
        <Button
          variant="primary"
          disabled={pending}
          onClick={() =>
            enc.run(
              {
                plaintext: plainRef.current?.value ?? '',
                context: [
                  ...(orgId ? [{ key: 'organization_id', value: orgId }] : []),
                  ...pairs.map(({ key, value }) => ({ key, value })),
                ],
                ...(aadEnc ? { associatedData: aadEnc } : {}),
              },
              { onOk: (data) => setEncrypted(data.ciphertext) },
            )
          }
        >
          Encrypt with a new data key
        </Button>
        {enc.error ? <ActionErrorAlert error={enc.error} /> : null}
        {encrypted ? (
          <div className="space-y-2">
            <div className="flex items-center justify-between">
              <label htmlFor="enc-result" className="text-sm font-medium text-slate-800">
                Ciphertext
              </label>
              <CopyButton text={encrypted} label="Copy ciphertext" />
            </div>
            <textarea id="enc-result" readOnly value={encrypted} rows={4} className={field} />
            <Inspect ciphertext={encrypted} />
          </div>
        ) : null}
      </section>
      <section
        aria-labelledby="dec-title"
        className="space-y-4 rounded-lg bg-white p-5 shadow-xs ring-1 ring-slate-200"
      >
        <h2 id="dec-title" className="text-sm font-semibold">
          Decrypt
        </h2>
        <TextareaField
          id="dec-cipher"
          label="Ciphertext (base64)"
          value={cipherIn}
          onValue={setCipherIn}
          rows={5}
          spellCheck={false}
          autoComplete="off"
          mono
          className="mt-1"
        />
        <Inspect ciphertext={cipherIn} />
        <TextField
          id="dec-aad"
          label="Associated data (if it was encrypted with some)"
          value={aadDec}
          onValue={setAadDec}
          mono
          className="mt-1"
        />
        <div className="flex gap-2">
          <Button
            variant="primary"
            disabled={pending || !cipherIn.trim()}
            onClick={() => {
              setDecrypted(null);
              dec.run(
                { ciphertext: cipherIn, ...(aadDec ? { associatedData: aadDec } : {}) },
                {
                  onOk: (data) => {
                    setMaskedNotice(null);
                    setDecrypted(data.plaintext);
                  },
                },
              );
            }}
          >
            Decrypt
          </Button>
          {decrypted !== null ? (
            <Button onClick={() => setDecrypted(null)}>Clear result</Button>
          ) : null}
        </div>
        <p className="text-sm text-slate-600" role="status">
          {maskedNotice}
        </p>
        {dec.error ? <ActionErrorAlert error={dec.error} /> : null}
        {decrypted !== null ? (
          <div>
            <p className="text-sm font-medium text-slate-800">Plaintext</p>
            <pre
              data-testid="decrypted-value"
              className="keep-colors mt-1 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-sm break-all whitespace-pre-wrap text-emerald-200"
            >
              {decrypted}
            </pre>
          </div>
        ) : null}
      </section>
      {decryptApproval ? (
        <DecryptAccessForm
          suggestedOrgId={cipherOrg ?? defaultOrgId}
          maxGrantMinutes={decryptApproval.maxGrantMinutes}
          ticketRequired={decryptApproval.ticketRequired}
        />
      ) : null}
    </div>
  );
}

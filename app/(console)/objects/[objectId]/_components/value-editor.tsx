'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { Textarea, ReasonField } from '@/components/ui/input';
import { Link } from '@/components/ui/link';
import { paths } from '@/lib/paths';
import { SideBySide, ValueDiff } from '@/components/objects/value-diff';
import { loadObjectForEdit, proposeValueChange, updateObjectValue } from '../actions';
import { ConflictPanel } from './conflict-panel';
import { useRecordSave } from './object-version';

function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : 'not valid JSON';
  }
}

function looksLikeJson(text: string): boolean {
  const t = text.trim();
  return (t.startsWith('{') || t.startsWith('[')) && jsonProblem(t) === null;
}

/**
 * Loads the value on demand, saves with the version it started from, and keeps the person's
 * text through every failure: conflict, rate limit, server error, lost connection.
 */
export function ValueEditor({
  objectId,
  pageVersion,
  propose,
}: {
  objectId: string;
  /** The version the page was rendered with (see object-version.tsx). */
  pageVersion: string;
  /**
   * Set where the organization's approval policy puts value changes behind approval: the editor
   * proposes the new value with a reason (a change request) instead of saving it.
   */
  propose?: { approvalsRequired: number };
}) {
  const router = useRouter();
  const recordSave = useRecordSave();
  const [refreshing, startRefresh] = useTransition();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [original, setOriginal] = useState('');
  const [baseVersion, setBaseVersion] = useState('');
  const [jsonMode, setJsonMode] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [theirs, setTheirs] = useState<{ value: string; versionId: string } | null>(null);
  // Two calls, one error at a time: each run clears the other's error, except "Compare with
  // theirs", which leaves the save's conflict (and so the conflict panel) in place.
  const load = useServerAction(loadObjectForEdit, 'read');
  const save = useServerAction(updateObjectValue, 'write');
  const proposal = useServerAction(proposeValueChange, 'write');
  const [reason, setReason] = useState('');
  const [proposed, setProposed] = useState<string | null>(null);
  const pending = load.pending || save.pending || proposal.pending;
  const conflict = save.conflict;
  // The alert under the editor: with a conflict panel up, only a failed compare shows there.
  const error = conflict ? load.error : (save.error ?? proposal.error ?? load.error);
  const dirty = open && text !== original;

  // The page behind "Saved" is fetched again once "Saved" is on screen. Started from the save's
  // own callback, the refresh would join the save's transition and hold "Saved" back until the
  // new page had arrived.
  useEffect(() => {
    if (saved) startRefresh(() => router.refresh());
  }, [saved, router]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // Opening the editor, or "Discard mine and load theirs": the one value read of an edit.
  const loadValue = () => {
    save.reset();
    proposal.reset();
    setProposed(null);
    load.run(
      { objectId },
      {
        onOk: (data) => {
          setBaseVersion(data.versionId);
          setOriginal(data.value);
          setTheirs(null);
          setText(data.value);
          setJsonMode(looksLikeJson(data.value));
          setOpen(true);
          setSaved(null);
        },
      },
    );
  };

  // After a conflict: their current value, read once more (audited like edit-load), next to
  // the person's text. The editor's text and its base version are left exactly as they were.
  const compareTheirs = () =>
    load.run(
      { objectId },
      { onOk: (data) => setTheirs({ value: data.value, versionId: data.versionId }) },
    );

  const saveWith = (versionCheck: string) => {
    load.reset();
    // On any failure the hook keeps the error and the text stays exactly as typed.
    save.run(
      { objectId, value: text, versionCheck },
      {
        onOk: (data) => {
          // The reply is the outcome only: "Saved" shows at once, and the page (header, version
          // list, activity) is fetched again behind it (the effect above).
          recordSave({ replaced: pageVersion, versionId: data.versionId });
          setSaved(data.versionId);
          setTheirs(null);
          setOpen(false);
          setText('');
          setOriginal('');
        },
      },
    );
  };

  // A change request: the text and reason go to approvers; on any failure both stay as typed.
  const proposeChange = () => {
    load.reset();
    proposal.run(
      { objectId, value: text, versionCheck: baseVersion, reason },
      {
        onOk: (data) => {
          setProposed(data.id);
          setOpen(false);
          setText('');
          setOriginal('');
          setReason('');
        },
      },
    );
  };

  const problem = jsonMode ? jsonProblem(text) : null;

  if (!open) {
    return (
      <div className="space-y-3 px-5 py-4">
        {proposed ? (
          <p role="status" className="text-sm text-emerald-800" data-testid="change-proposed">
            Proposed for approval: it is written once{' '}
            {propose?.approvalsRequired === 2 ? 'two approvers approve' : 'an approver approves'}.{' '}
            <Link className="font-medium underline" href={paths.request(proposed)}>
              See the request
            </Link>
          </p>
        ) : null}
        {saved ? (
          <p role="status" className="text-sm text-emerald-800" data-testid="saved-status">
            Saved as version <code className="font-mono text-xs">{saved}</code>.
            {refreshing ? <span className="text-slate-500"> Updating the page…</span> : null}
          </p>
        ) : null}
        <Button disabled={pending} onClick={loadValue}>
          {pending ? 'Loading…' : propose ? 'Propose a new value' : 'Edit value'}
        </Button>
        {propose ? (
          <p className="text-xs text-slate-500">
            This organization’s approval policy puts value changes behind approval.
          </p>
        ) : null}
        {error ? <ActionErrorAlert error={error} /> : null}
      </div>
    );
  }

  return (
    <div className="space-y-3 px-5 py-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <label htmlFor="value-editor" className="text-sm font-medium text-slate-800">
          New value{' '}
          <span className="font-normal text-slate-500">
            (editing from version <code className="font-mono text-xs">{baseVersion}</code>)
          </span>
        </label>
        <div className="flex items-center gap-3 text-xs">
          <label className="flex items-center gap-1.5 text-slate-700">
            <input
              type="checkbox"
              checked={jsonMode}
              onChange={(e) => setJsonMode(e.target.checked)}
            />{' '}
            JSON
          </label>
          {jsonMode ? (
            <button
              type="button"
              className="font-medium text-indigo-700 hover:underline disabled:text-slate-400"
              disabled={problem !== null}
              onClick={() => setText(JSON.stringify(JSON.parse(text), null, 2))}
            >
              Pretty-print
            </button>
          ) : null}
        </div>
      </div>
      <Textarea
        id="value-editor"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={Math.min(20, Math.max(4, text.split('\n').length + 1))}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={problem !== null}
        aria-describedby={problem ? 'value-json-error' : undefined}
        mono
      />
      {problem ? (
        <p id="value-json-error" className="text-sm text-red-700">
          Not valid JSON: {problem}. Fix it, or untick JSON to save plain text.
        </p>
      ) : null}
      {dirty && !conflict ? (
        <ValueDiff before={original} after={text} label={`Changes from version ${baseVersion}`} />
      ) : null}
      {conflict && theirs ? (
        <SideBySide mine={text} theirs={theirs.value} theirsVersion={theirs.versionId} />
      ) : null}
      {conflict ? (
        <ConflictPanel
          conflict={conflict.conflict ?? null}
          busy={pending}
          onLoadTheirs={loadValue}
          onCompare={theirs ? undefined : compareTheirs}
          onSaveMine={() =>
            saveWith(theirs?.versionId ?? conflict.conflict?.currentVersionId ?? baseVersion)
          }
        />
      ) : null}
      {propose ? (
        <ReasonField
          id="change-reason"
          label="Reason for the change"
          hint="Approvers read it; it is kept in the audit trail. The value is staged encrypted until approved."
          error={proposal.error?.fieldErrors?.reason?.[0]}
          value={reason}
          onValue={setReason}
        />
      ) : null}
      {error ? <ActionErrorAlert error={error} /> : null}
      {!conflict ? (
        <div className="flex flex-wrap gap-2">
          {propose ? (
            <Button
              variant="primary"
              disabled={pending || problem !== null || !dirty}
              onClick={proposeChange}
            >
              {pending ? 'Proposing…' : 'Propose change'}
            </Button>
          ) : (
            <Button
              variant="primary"
              disabled={pending || problem !== null || !dirty}
              onClick={() => saveWith(baseVersion)}
            >
              {pending ? 'Saving…' : 'Save new version'}
            </Button>
          )}
          <Button
            variant="ghost"
            disabled={pending}
            onClick={() => {
              if (dirty && !window.confirm('Discard your unsaved changes?')) return;
              setOpen(false);
              setText('');
              setOriginal('');
              load.reset();
              save.reset();
              proposal.reset();
            }}
          >
            Cancel
          </Button>
        </div>
      ) : null}
    </div>
  );
}

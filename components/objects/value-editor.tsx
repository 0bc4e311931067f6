'use client';

import { useEffect, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { callAction } from '@/lib/actions/call';
import type { ActionError, ActionResult } from '@/lib/actions/result';
import { ActionErrorAlert } from './action-error';
import { ConflictPanel } from './conflict-panel';
import { SideBySide, ValueDiff } from './value-diff';

type LoadAction = (input: {
  objectId: string;
}) => Promise<ActionResult<{ value: string; versionId: string; name: string }>>;
type SaveAction = (input: {
  objectId: string;
  value: string;
  versionCheck: string;
}) => Promise<ActionResult<{ versionId: string; updatedAt: string }>>;

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
  load,
  save,
}: {
  objectId: string;
  load: LoadAction;
  save: SaveAction;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [original, setOriginal] = useState('');
  const [baseVersion, setBaseVersion] = useState('');
  const [jsonMode, setJsonMode] = useState(false);
  const [error, setError] = useState<ActionError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [theirs, setTheirs] = useState<{ value: string; versionId: string } | null>(null);
  const [pending, start] = useTransition();
  const dirty = open && text !== original;

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const loadValue = (keepText: boolean) =>
    start(async () => {
      setError(null);
      const r = await callAction(load, { objectId }, 'read');
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setBaseVersion(r.data.versionId);
      setOriginal(r.data.value);
      setTheirs(null);
      if (!keepText) {
        setText(r.data.value);
        setJsonMode(looksLikeJson(r.data.value));
      }
      setOpen(true);
      setSaved(null);
    });

  // After a conflict: their current value, read once more (audited like edit-load), next to
  // the person's text. The editor's text and its base version are left exactly as they were.
  const compareTheirs = () =>
    start(async () => {
      const r = await callAction(load, { objectId }, 'read');
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setTheirs({ value: r.data.value, versionId: r.data.versionId });
    });

  const saveWith = (versionCheck: string) =>
    start(async () => {
      setError(null);
      const r = await callAction(save, { objectId, value: text, versionCheck }, 'write');
      if (!r.ok) {
        setError(r.error); // the text stays exactly as typed
        return;
      }
      // The action's reply already carries the refreshed page (revalidatePath), so no refresh here.
      setSaved(r.data.versionId);
      setTheirs(null);
      setOpen(false);
      setText('');
      setOriginal('');
    });

  const problem = jsonMode ? jsonProblem(text) : null;
  const conflict = error?.code === 'conflict' ? error : null;

  if (!open) {
    return (
      <div className="space-y-3 px-5 py-4">
        {saved ? (
          <p role="status" className="text-sm text-emerald-800">
            Saved as version <code className="font-mono text-xs">{saved}</code>.
          </p>
        ) : null}
        <Button disabled={pending} onClick={() => loadValue(false)}>
          {pending ? 'Loading…' : 'Edit value'}
        </Button>
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
      <textarea
        id="value-editor"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={Math.min(20, Math.max(4, text.split('\n').length + 1))}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={problem !== null}
        aria-describedby={problem ? 'value-json-error' : undefined}
        className="w-full rounded-md border-0 px-3 py-2 font-mono text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 aria-[invalid=true]:ring-red-400"
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
          onLoadTheirs={() => loadValue(false)}
          onCompare={theirs ? undefined : compareTheirs}
          onSaveMine={() =>
            saveWith(theirs?.versionId ?? conflict.conflict?.currentVersionId ?? baseVersion)
          }
        />
      ) : error ? (
        <ActionErrorAlert error={error} />
      ) : null}
      {!conflict ? (
        <div className="flex flex-wrap gap-2">
          <Button
            variant="primary"
            disabled={pending || problem !== null || !dirty}
            onClick={() => saveWith(baseVersion)}
          >
            {pending ? 'Saving…' : 'Save new version'}
          </Button>
          <Button
            variant="ghost"
            disabled={pending}
            onClick={() => {
              if (dirty && !window.confirm('Discard your unsaved changes?')) return;
              setOpen(false);
              setText('');
              setOriginal('');
              setError(null);
            }}
          >
            Cancel
          </Button>
        </div>
      ) : null}
    </div>
  );
}

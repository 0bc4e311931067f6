'use client';

import { useState } from 'react';
import { useServerAction } from '@/components/forms/use-server-action';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import type { CheckResult } from '@/lib/doctor/checks';
import { runHealthChecks } from '../actions';
const TONE: Record<CheckResult['status'], BadgeTone> = {
  pass: 'green',
  fail: 'red',
  warn: 'amber',
  skip: 'neutral',
};

export function HealthChecks() {
  const [results, setResults] = useState<CheckResult[] | null>(null);
  const { run, pending, error } = useServerAction(runHealthChecks, 'read');
  const message = error?.message ?? null;
  const failed = results?.filter((r) => r.status === 'fail').length ?? 0;
  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3">
        <Button
          variant="primary"
          disabled={pending}
          onClick={() => run({}, { onOk: (data) => setResults(data.results) })}
        >
          {pending ? 'Running checks…' : results ? 'Run again' : 'Run checks'}
        </Button>
        <p role="status" className="text-sm text-slate-700">
          {message ??
            (results
              ? failed
                ? `${failed} check(s) failed.`
                : 'All checks passed.'
              : 'The round trip creates and deletes a throwaway object.')}
        </p>
      </div>
      {results ? (
        <ul className="divide-y divide-slate-100 rounded-lg bg-white ring-1 ring-slate-200">
          {results.map((r) => (
            <li key={r.id} className="flex gap-4 px-5 py-3">
              <Badge tone={TONE[r.status]} className="mt-0.5 w-14 justify-center">
                {r.status}
              </Badge>
              <div className="min-w-0 text-sm">
                <p className="font-medium text-slate-900">{r.title}</p>
                <p className="text-slate-700 break-words">{r.detail}</p>
                {r.fix && r.status === 'fail' ? (
                  <p className="mt-1 text-slate-600">How to fix: {r.fix}</p>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

import 'server-only';
import type { Db } from '../db/client';
import { sweepState } from './offboard-sweep';
import { copiesLeft, runCopyLines, type RunCopyLine } from '../recovery/runs';
import { getRun, listRows, runProgress, type OperationRun, type Progress } from './store';

export type OperationReport = {
  report: 'erasure' | 'byok_rewrap' | 'bulk_delete' | 'import';
  run_id: string;
  organization: { id: string; name: string };
  planned_by: string;
  planned_at: string;
  run_by: string | null;
  /** Dual control: the second person(s) who approved the plan, and under which request; null when no policy asked. */
  approved_by: string[] | null;
  approval_request_id: string | null;
  plan_version: number;
  started_at: string | null;
  finished_at: string | null;
  /** `incomplete`: finished, but objects were still in the organization at WorkOS. */
  status: OperationRun['status'] | 'incomplete';
  totals: Progress;
  /** Offboarding: objects still in the organization at WorkOS when the run finished. */
  left_behind?: { object_id: string; name: string }[];
  /** Offboarding: when the organization was last listed in Vault itself. */
  vault_checked_at?: string | null;
  objects: {
    object_id: string;
    name: string;
    status: string;
    reason: string | null;
    version_id_before: string | null;
    version_id_after: string | null;
    key_id_before: string | null;
    key_id_after: string | null;
    at: string | null;
  }[];
  /** Offboarding: `vault.byok_key.deleted` events the console recorded for this organization. */
  byok_key_deletions?: { event_id: string; provider: string | null; occurred_at: string }[];
  /** Offboarding and migrator: what the run did to recovery copies, and how many the org still has. */
  recovery_copies?: { lines: RunCopyLine[]; remaining: number };
  /** Migrator: how many objects each key id holds after the run, among the planned ones. */
  key_ids_after?: Record<string, number>;
  note: string;
};

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The run as a document: ids, names, versions, key ids, times and people. Never a value. */
export async function buildReport(db: Db, runId: string): Promise<OperationReport | null> {
  const run = await getRun(db, runId);
  if (!run) return null;
  const [rows, totals] = await Promise.all([listRows(db, runId), runProgress(db, runId)]);
  const report: OperationReport = {
    report:
      run.kind === 'offboard'
        ? 'erasure'
        : run.kind === 'rewrap'
          ? 'byok_rewrap'
          : run.kind === 'import'
            ? 'import'
            : 'bulk_delete',
    run_id: run.id,
    organization: { id: run.org_id, name: run.org_name },
    planned_by: run.created_by_email,
    planned_at: iso(run.created_at)!,
    run_by: run.started_by_email,
    approved_by: null,
    approval_request_id: run.approval_request_id,
    plan_version: Number(run.plan_version),
    started_at: iso(run.started_at),
    finished_at: iso(run.finished_at),
    status: run.status,
    totals,
    objects: rows.map((r) => ({
      object_id: r.object_id,
      name: r.object_name,
      status: r.status,
      reason: r.reason,
      version_id_before: r.expected_version,
      version_id_after: r.version_after,
      key_id_before: r.key_id_before,
      key_id_after: r.key_id_after,
      at: iso(r.finished_at),
    })),
    note:
      run.kind === 'import'
        ? 'Each name was created, or saved with a version check against the version the plan was based on; an object changed meanwhile was skipped, never overwritten. Values are not part of this report (their staged copies are erased).'
        : run.kind === 'rewrap'
          ? 'Each object was read and written back with the same value and a version check; a conflict was skipped, never overwritten. Values are not part of this report.'
          : 'Each object was deleted with a version check against the version shown in the preview; a conflict was skipped, never deleted unchecked. Vault deletes every version of an object. Values are not part of this report.',
  };
  if (run.approval_request_id) {
    const approvers = await db.query<{ approver_email: string }>(
      `select approver_email from access_request_decisions where request_id = $1 and decision = 'approve' order by decided_at`,
      [run.approval_request_id],
    );
    report.approved_by = approvers.rows.map((a) => a.approver_email);
  }
  if (run.kind === 'offboard' || run.kind === 'rewrap') {
    const [lines, remaining] = await Promise.all([
      runCopyLines(db, runId),
      copiesLeft(db, run.org_id),
    ]);
    report.recovery_copies = { lines, remaining };
  }
  if (run.kind === 'offboard') {
    const detail = await db.query<{ detail: { checked_at?: string } & Record<string, unknown> }>(
      'select detail from operation_runs where id = $1',
      [runId],
    );
    const sweep = sweepState(detail.rows[0]?.detail);
    report.left_behind = sweep.remaining.map((o) => ({ object_id: o.id, name: o.name }));
    report.vault_checked_at = detail.rows[0]?.detail.checked_at ?? null;
    if (run.status === 'finished' && sweep.remaining.length) report.status = 'incomplete';
    const ev = await db.query<{ id: string; provider: string | null; occurred_at: Date }>(
      `select id, provider, occurred_at from byok_events where org_id = $1 and event = 'vault.byok_key.deleted' order by occurred_at`,
      [run.org_id],
    );
    report.byok_key_deletions = ev.rows.map((e) => ({
      event_id: e.id,
      provider: e.provider,
      occurred_at: iso(e.occurred_at)!,
    }));
  }
  if (run.kind === 'rewrap') {
    const counts: Record<string, number> = {};
    for (const r of rows) {
      const k = r.key_id_after ?? r.key_id_before ?? 'unknown';
      counts[k] = (counts[k] ?? 0) + 1;
    }
    report.key_ids_after = counts;
  }
  return report;
}

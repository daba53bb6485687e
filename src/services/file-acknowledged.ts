/**
 * Filing once the platform has its answer. Slack gives a modal 3 seconds, and a burst of filings
 * queues on the database (the embedded one runs one statement at a time, every writer takes the
 * audit chain's lock), so the modal is answered once the draft is valid (checkFiling: no
 * database) and stored here afterwards. Nothing can answer in the modal any more, so a filing
 * that fails is told to the filer through the outbox (kind `filing.failed`), never left silent.
 *
 * Delivered twice (a double click, a retry), the submission key finds the first complaint and
 * nothing is queued again; the failure's dedupe key is the submission's, so one failed
 * submission is told once, and not at all when another delivery of it was filed.
 */
import { maskPersonalData } from '../domain/mask';
import { validateDraft, type DraftErrors, type RawDraft } from '../domain/validate-complaint';
import * as complaints from '../db/complaints';
import { enqueue, FILING_FAILED_KIND } from '../db/outbox';
import type { ServiceDeps } from './deps';
import { fileComplaint, type FileComplaintInput } from './file-complaint';

/** The checks fileComplaint makes before it touches the database, for an answer within Slack's 3 s. */
export function checkFiling(deps: Pick<ServiceDeps, 'config'>, draft: RawDraft): { ok: true } | { ok: false; errors: DraftErrors } {
  const checked = validateDraft(draft, deps.config.categories);
  return checked.ok ? { ok: true } : checked;
}

export type AcknowledgedFiling = { filed: true; complaintId: string; duplicate: boolean } | { filed: false; error: unknown };

/**
 * Files a draft whose filer already has their answer. Resolves in every case but one: when even
 * the failure could not be queued (the database is gone), it rejects, so the caller can tell the
 * filer by other means.
 */
export async function fileAcknowledged(deps: ServiceDeps, input: FileComplaintInput): Promise<AcknowledgedFiling> {
  let error: unknown;
  try {
    const result = await fileComplaint(deps, input);
    if (result.ok) return { filed: true, complaintId: result.complaint.id, duplicate: result.duplicate };
    // Checked before the answer, so only a configuration changed in between ends here.
    error = new Error(`the draft was refused after it was checked: ${Object.keys(result.errors).join(', ')}`);
  } catch (caught) {
    error = caught;
  }
  // Another delivery of the same submission may have filed it meanwhile: then nothing failed.
  const filed = await complaints.findIdBySubmissionKey(deps.prisma, input.submissionKey).catch(() => undefined);
  if (filed) return { filed: true, complaintId: filed, duplicate: true };
  await enqueue(deps.prisma, deps.clock.now(), [
    {
      dedupeKey: `filing:${input.submissionKey}:failed`,
      kind: FILING_FAILED_KIND,
      target: input.filerId,
      // Enough for the filer to know which one; what they typed may name a customer, so masked.
      payload: { title: filingFailedTitle(input.draft) },
    },
  ]);
  deps.outboxWritten?.();
  return { filed: false, error };
}

/** The title a failed filing is told by: as typed, personal data masked. */
export function filingFailedTitle(draft: RawDraft): string {
  return maskPersonalData((draft.title ?? '').trim());
}

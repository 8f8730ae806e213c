import { COMMITMENT_CONTENT_FIELDS, commitmentContent, contentHash, ITEM_CONTENT_FIELDS, type CommitmentContent } from "../../../../domain/lintas/content.ts";
import type { EntityName } from "../../../../domain/entities/registry.ts";
import { changedFields } from "../../../../domain/sync/merge.ts";
import type { FieldConflict, Mutation } from "../../../../domain/sync/protocol.ts";
import { newState, Rejection, type RowState } from "../state.ts";
import type { EntityHooks } from "./types.ts";

/**
 * The rules of a signed commitment (Komitmen Bersama Lintas Sektoral), checked on every push:
 * - content (title, period, meeting, parties, items' promises) of a signed version is frozen:
 *   changing it needs version N+1 (commitment.docVersion + 1), which must be signed again;
 * - a signature binds the SHA-256 of the content at its version; the server recomputes it, and a
 *   signature whose hash does not match is kept but flagged (a conflict on contentHash);
 * - an office signs once per version, and only if it is a party;
 * - an item is not due before the meeting that agreed it.
 */
export interface GroupView {
  row(entity: EntityName, id: string): RowState | null | undefined;
  members(commitmentId: string, entity: EntityName): RowState[];
}

export interface LintasOutcome {
  conflicts?: FieldConflict[];
  /** A frozen copy of the content, written the first time a version is signed. */
  snapshot?: RowState;
}

export async function checkLintas(view: GroupView, m: Mutation, existing: RowState | null, next: Record<string, unknown>, grp: string | null, now: number): Promise<LintasOutcome> {
  if (!grp) return {};
  const commitment = m.entity === "commitment" ? existing : view.row("commitment", grp);
  if (m.entity === "signature") return checkSignature(view, m, existing, next, grp, commitment ?? null, now);
  if (!commitment) return {}; // a new commitment: nothing signed yet

  if (touchesContent(m, existing, next)) {
    const bumping = m.entity === "commitment" && next.docVersion === (commitment.data.docVersion as number) + 1;
    if (m.entity === "commitment" && next.docVersion !== commitment.data.docVersion && !bumping) {
      throw new Rejection("invalid_doc_version", "A new version of the document is the current version + 1", { field: "docVersion" });
    }
    if (!bumping && signedAt(view, grp, commitment.data.docVersion as number)) {
      throw new Rejection("signed_version_locked", "This version is signed; start version N+1 to change its content (it must be signed again)", {
        docVersion: commitment.data.docVersion,
      });
    }
  }
  if (m.entity === "commitment_item" && next.dueDate !== undefined) {
    const meetingId = commitment.data.meetingId as string | null;
    const meeting = meetingId ? view.row("meeting", meetingId) : null;
    if (meeting && (next.dueDate as string) < (meeting.data.date as string)) {
      throw new Rejection("due_before_meeting", `The due date is before the meeting of ${meeting.data.date}`, { field: "dueDate" });
    }
  }
  return {};
}

function touchesContent(m: Mutation, existing: RowState | null, next: Record<string, unknown>): boolean {
  if (m.entity === "commitment_party") return true; // adding or removing a party changes who promises
  if (m.entity === "commitment_item") {
    if (!existing || m.op === "delete") return true;
    return changedFields(existing.data, pick(next, ITEM_CONTENT_FIELDS)).length > 0;
  }
  if (m.entity === "commitment" && existing) {
    return changedFields(existing.data, pick(next, [...COMMITMENT_CONTENT_FIELDS, "docVersion"])).length > 0;
  }
  return false;
}

function signedAt(view: GroupView, grp: string, docVersion: number): boolean {
  return view.members(grp, "signature").some((s) => !s.deleted && s.data.docVersion === docVersion);
}

async function checkSignature(
  view: GroupView,
  m: Mutation,
  existing: RowState | null,
  next: Record<string, unknown>,
  grp: string,
  commitment: RowState | null,
  now: number,
): Promise<LintasOutcome> {
  if (existing) throw new Rejection("signature_immutable", "A signature cannot be changed; sign again on a new version");
  if (!commitment || commitment.deleted) throw new Rejection("parent_not_found", "The commitment does not exist");
  const version = next.docVersion as number;
  const current = commitment.data.docVersion as number;
  if (version > current) throw new Rejection("invalid_doc_version", `Version ${version} of this document does not exist`, { field: "docVersion" });
  const same = view.members(grp, "signature").find((s) => !s.deleted && s.data.docVersion === version && s.data.officeId === next.officeId);
  if (same) throw new Rejection("already_signed", "This office already signed this version", { field: "officeId" });

  const snapshotId = `${grp}@${version}`;
  const frozen = view.row("commitment_version", snapshotId);
  let expected: string | null;
  let snapshot: RowState | undefined;
  if (frozen) {
    expected = frozen.data.contentHash as string;
  } else if (version === current) {
    const content = currentContent(view, commitment);
    expected = await contentHash(content);
    snapshot = newState("commitment_version", snapshotId, { commitmentId: grp, docVersion: version, content, contentHash: expected }, { ...commitment.scope }, now);
  } else {
    expected = null; // an old version nobody signed while it was current: its content is gone
  }
  if (expected === next.contentHash) return snapshot ? { snapshot } : {};
  // Tampered, or signed over content that changed: keep the signature, flag it for review.
  return {
    conflicts: [{ field: "contentHash", serverValue: expected, clientValue: next.contentHash }],
    ...(snapshot ? { snapshot } : {}),
  };
}

export function currentContent(view: GroupView, commitment: RowState): CommitmentContent {
  const live = (e: EntityName) => view.members(commitment.id, e).filter((r) => !r.deleted).map((r) => r.data);
  return commitmentContent(commitment.data, live("commitment_party"), live("commitment_item"));
}

function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in o) out[k] = o[k];
  return out;
}

/** Every lintas row is judged against its commitment: frozen content, signatures, due dates. */
export const lintasHooks: EntityHooks = {
  document: async (ctx, c) => {
    const out = await checkLintas(ctx.groups, c.m, c.existing, c.next, c.scope.grp, ctx.now);
    return { ...(out.conflicts ? { flagged: out.conflicts } : {}), ...(out.snapshot ? { also: [out.snapshot] } : {}) };
  },
};

/** A signature is checked before authorization too: only a party of the commitment signs it. */
export const signatureHooks: EntityHooks = {
  check: (ctx, c) => {
    if (!ctx.partiesOf(c.scope.grp!).includes(c.next.officeId as string)) {
      throw new Rejection("not_a_party", "The signing office is not a party of this commitment", { officeId: c.next.officeId });
    }
  },
  document: lintasHooks.document!,
};

/**
 * A progress report names its reporter (role and, for a mitra, office) so every phone can say who
 * reported; the claim must be the pusher's own, or a puskesmas could report in the KUA's name. A
 * report without the fields (a PWA from before migration 0012) is kept as it comes.
 */
export const progressHooks: EntityHooks = {
  check: (ctx, c) => {
    if (c.existing) return; // the reporter fields are immutable (registry.ts)
    const role = c.next.reporterRole ?? null;
    const office = c.next.reporterOfficeId ?? null;
    if (role === null && office === null) return;
    if (role !== ctx.p.role || office !== (ctx.p.officeId ?? null)) {
      throw new Rejection("forbidden", "A progress report names its own reporter: your role and office", { entity: "progress", fields: ["reporterRole", "reporterOfficeId"] });
    }
  },
  document: lintasHooks.document!,
};

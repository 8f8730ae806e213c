import { canonicalJson } from "../sync/merge.ts";
import { sha256Hex } from "../util/codes.ts";

/**
 * The signed content of a commitment document: what the parties agree to. Item status and
 * progress are not content (they change as the work is done); everything a party promises is.
 * Each signature binds the SHA-256 of this content's canonical JSON at one document version.
 */
export interface CommitmentContent {
  title: string;
  period: string;
  meetingId: string | null;
  kecCode: string;
  docVersion: number;
  parties: string[];
  items: {
    number: number;
    officeId: string;
    action: string;
    indicator: string;
    targetKind: string;
    targetValue: number | null;
    targetUnit: string | null;
    desaCodes: string[] | null;
    dueDate: string;
  }[];
}

/** Fields of a commitment and of its items that are content: editing them needs a new version. */
export const COMMITMENT_CONTENT_FIELDS = ["title", "period", "meetingId", "kecCode"] as const;
export const ITEM_CONTENT_FIELDS = ["number", "officeId", "action", "indicator", "targetKind", "targetValue", "targetUnit", "desaCodes", "dueDate"] as const;

type Row = Record<string, unknown>;

export function commitmentContent(commitment: Row, parties: readonly Row[], items: readonly Row[]): CommitmentContent {
  return {
    title: commitment.title as string,
    period: commitment.period as string,
    meetingId: (commitment.meetingId as string | null) ?? null,
    kecCode: commitment.kecCode as string,
    docVersion: commitment.docVersion as number,
    parties: parties.map((p) => p.officeId as string).sort(),
    items: [...items]
      .sort((a, b) => (a.number as number) - (b.number as number))
      .map((i) => ({
        number: i.number as number,
        officeId: i.officeId as string,
        action: i.action as string,
        indicator: i.indicator as string,
        targetKind: i.targetKind as string,
        targetValue: (i.targetValue as number | null) ?? null,
        targetUnit: (i.targetUnit as string | null) ?? null,
        desaCodes: i.desaCodes ? [...(i.desaCodes as string[])].sort() : null,
        dueDate: i.dueDate as string,
      })),
  };
}

export function contentHash(content: CommitmentContent): Promise<string> {
  return sha256Hex(canonicalJson(content));
}

/**
 * Hex digits of the content hash printed on the paper copy: 8 of them (32 bits) tell two versions
 * of one commitment apart with a chance of 1 in 4·10⁹ of a collision, and can be read out and
 * compared with the phone's screen, which a 64-digit hash cannot.
 */
export const VERIFICATION_HEX_DIGITS = 8;

/** The short verification code of a content hash, in groups of four: "3F2A-9C01". */
export function verificationCode(hash: string): string {
  return (hash.slice(0, VERIFICATION_HEX_DIGITS).toUpperCase().match(/.{1,4}/g) ?? []).join("-");
}

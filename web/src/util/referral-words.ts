import type { Derived } from "../../../domain/rules/derive.ts";
import { referralGroups } from "../../../domain/rules/referrals.ts";
import { getLang } from "../i18n/index.ts";

/**
 * Why a person was referred, in the current language. A referral stores its reason as a code (the
 * main flag's id, e.g. "balita.stunted"); its record's stored derivation carries every flag of the
 * referral's rule with words in both languages, so the language switch also changes this text.
 * `reasonText` (Bahasa Indonesia, written when the referral was made) is the fallback for a
 * referral whose record is not on this phone.
 */
export function referralReason(
  ref: { reason: string; reasonText?: string | null },
  record: { data: { formId: string; derived?: unknown } } | null | undefined,
): string {
  const derived = record?.data.derived as Derived | null | undefined;
  if (derived && Array.isArray(derived.flags)) {
    const group = referralGroups(record!.data.formId, derived).find((g) => g.flags.some((f) => f.id === ref.reason));
    if (group) {
      const lang = getLang();
      return group.flags.map((f) => f.label[lang]).join("; ");
    }
  }
  return ref.reasonText ?? ref.reason;
}

/**
 * Clinical rules shared by the worker and the PWA: derive a record (flags, growth, scores, IKS),
 * the referrals it makes, the follow-up tasks of a scope, and the IKS of a family.
 */
export * from "./derive.ts";
export * from "./iks.ts";
export * from "./imt-u.ts";
export * from "./immunisation.ts";
export * from "./anc-schedule.ts";
export {
  decideReferrals, draftFor, groupsToRefer, REFERRAL_CHECK_CHRONIC_DAYS, REFERRAL_CHECK_DAYS, REFERRAL_RULES, referralDue, referralGroups, referralId,
  referralsFromRecord, REREFERRAL_AFTER_DAYS, storedDerived, URGENT_FLAGS,
  type RecordEntity, type ReferralDraft, type ReferralGroup, type ReferralPayload, type ReferralRule,
} from "./referrals.ts";
export * from "./tasks.ts";
export { stableUuid, sha256HexSync } from "./hash.ts";

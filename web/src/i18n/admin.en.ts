// English for admin.ts: its own module so the English catalogue is a lazy chunk (issue 14).
import type { adminId } from "./admin.ts";

export const adminEn: Record<keyof typeof adminId, string> = {
  admHomeLink: "Administration",
  admHomeHint: "Users, enrollment codes, devices, dusun, posyandu, partners",
  err_cannot_deactivate_self: "You cannot deactivate your own account.",
  interopHomeLink: "SATUSEHAT & monthly reports",
  interopHomeHint: "Send visits to SATUSEHAT; download the nutrition, MCH, immunisation and NCD reports",
};

import { describe, expect, it } from "vitest";
import { API_ERROR_CODES } from "../../domain/http/error-codes.ts";
import { SEND_JOB_ERRORS, SEND_JOB_STATUSES } from "../../domain/satusehat/job.ts";

// The catalogue reads the language from localStorage at import; node has none, so it starts in Bahasa Indonesia.
const { jobErrorText, lastAnswer, sendEn, sendId, statusText } = await import("../../web/src/i18n/interop-send.ts");

/** The SATUSEHAT send panel's words (issue 13, part 3): every status and job error code in both languages, never raw. */
describe("SATUSEHAT send panel words", () => {
  const statuses = SEND_JOB_STATUSES;
  const errors = SEND_JOB_ERRORS;

  it("has every string in both languages", () => {
    expect(Object.keys(sendEn).sort()).toEqual(Object.keys(sendId).sort());
    for (const [k, v] of Object.entries(sendEn)) expect(v, k).toBeTruthy();
  });

  it("says every job status and error code in words", () => {
    for (const s of statuses) expect((sendId as Record<string, string>)[`sendStatus_${s}`], s).toBeTruthy();
    for (const s of statuses) expect((sendEn as Record<string, string>)[`sendStatus_${s}`], s).toBeTruthy();
    for (const e of errors) {
      expect((sendId as Record<string, string>)[`sendError_${e}`], e).toBeTruthy();
      expect((sendEn as Record<string, string>)[`sendError_${e}`], e).toBeTruthy();
      expect(jobErrorText(e)).not.toContain(e);
    }
    expect(statusText(null)).toBe(sendId.sendStatus_none);
    expect(jobErrorText("something_new")).toContain("something_new");
  });

  it("says the last answer: the error with its status, a status alone, or no answer", () => {
    expect(lastAnswer(null)).toBe("—");
    expect(lastAnswer({ errorCode: null, lastHttpStatus: 200 })).toBe("HTTP 200");
    expect(lastAnswer({ errorCode: "auth_failed", lastHttpStatus: 401 })).toBe(`${sendId.sendError_auth_failed} (HTTP 401)`);
    expect(lastAnswer({ errorCode: "unavailable", lastHttpStatus: 0 })).toBe(`${sendId.sendError_unavailable} (${sendId.sendNoAnswer})`);
  });

  it("the route's not-configured refusal is a catalogued API error code", () => {
    expect(API_ERROR_CODES).toContain("satusehat_not_configured");
  });
});

/**
 * Issue 16: "Pindah ke kabupaten lain" on a phone. A Lampung Barat bidan hands one of her families
 * to a desa of Belitung from the household screen (the desa list comes from the server: her phone
 * holds only her kabupaten's areas); the screen shows the transfer done, and Belitung's bidan of
 * that desa pulls the family through the API.
 */
import { describe, expect, it } from "vitest";
import type { PullResponse } from "../../domain/sync/protocol.ts";
import { api, e2eLifecycle, enrollPhone, idbOpened, openPhone, type Phone, type Server } from "./harness.ts";

let server: Server;
const phones: Phone[] = [];
/** The desa of Belitung's demo pustu (scripts/seed/demo-accounts.ts BLTG-PSTU). */
const BELITUNG_DESA = "19.02.04.2002";

e2eLifecycle("transfer", phones, (s) => (server = s), () => server, { persons: 400, shards: ["18.04", "19.02"] });

describe("moving a family to another kabupaten", () => {
  it("a pustu hands a household to a desa of Belitung from its screen; Belitung's pustu pulls it", { timeout: 300_000 }, async () => {
    const phone = await openPhone(server.url);
    phones.push(phone);
    await enrollPhone(phone.page, "DEMO-PSTU", undefined, 120_000);
    const rows = await idbOpened<{ entity: string; id: string; data: Record<string, unknown> }>(phone.page, "rows");
    const hh = rows.find((r) => r.entity === "household")!;
    expect(hh).toBeDefined();

    const page = phone.page;
    page.on("dialog", (d) => void d.accept());
    await page.evaluate((id) => (location.hash = `#/household/${id}`), hh.id);
    await page.getByText("Pindah ke kabupaten lain").first().click();
    // Belitung is the only other kabupaten served: chosen already; its desa arrive from the server.
    const desa = page.locator("[data-testid=transfer] select").nth(1);
    await desa.locator(`option[value="${BELITUNG_DESA}"]`).waitFor({ state: "attached", timeout: 30_000 });
    await desa.selectOption(BELITUNG_DESA);
    await page.locator("[data-testid=transfer-submit]").click();
    await page.locator("[data-testid=transfer-state][data-state=done]").waitFor({ timeout: 30_000 });

    const enrolled = await api<{ token: string }>(server, "POST", "/api/enroll", undefined, { code: "BLTG-PSTU" });
    expect(enrolled.status).toBe(200);
    const ids = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const res = await api<PullResponse>(server, "GET", `/api/sync/pull?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, enrolled.json.token);
      for (const c of res.json.changes) if (!c.deleted) ids.add(`${c.entity}:${c.id}`);
      if (!res.json.hasMore) break;
      cursor = res.json.cursor;
    }
    expect(ids.has(`household:${hh.id}`)).toBe(true);
    const [moved] = server.sql<{ n: number }>(`SELECT count(*) AS n FROM households WHERE id = '${hh.id}' AND deleted = 0 AND desa_code = '${BELITUNG_DESA}'`, "DB_1902");
    expect(moved!.n).toBe(1);
  });
});

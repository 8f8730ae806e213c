/**
 * Issue 6 bench: time to render the camat's view (every commitment of the kecamatan, tallies per
 * office and desa, the SVG chart, the item list) for 30 commitments and 400 items, in Chromium
 * with 4× CPU throttling, through the real app against a real `wrangler dev`.
 *
 *   npx tsx scripts/bench-camat-view.ts     # prints ms; not part of npm test
 */
import { uuidv7 } from "../domain/util/uuid.ts";
import type { Mutation } from "../domain/sync/protocol.ts";
import { api, enrollPhone, openPhone, startServer } from "../test/e2e/harness.ts";

const COMMITMENTS = 30;
const ITEMS = 400;
const RATE = Number(process.env.BENCH_CPU_RATE ?? 4);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const server = await startServer();
try {
  const pkm = await api<{ token: string }>(server, "POST", "/api/enroll", undefined, { code: "DEMO-PKM1" });
  const token = pkm.json.token;
  const offices = server.sql<{ id: string }>("SELECT id FROM offices WHERE kec_code = '18.04.10' ORDER BY name").map((r) => r.id);
  const desa = server.sql<{ id: string }>("SELECT id FROM areas WHERE parent_code = '18.04.10' ORDER BY id").map((r) => r.id);
  const mut = (entity: Mutation["entity"], payload: Record<string, unknown>, entityId = uuidv7()): Mutation => ({ id: uuidv7(), entity, entityId, op: "create", baseVersion: 0, payload });
  const statuses = ["belum_mulai", "berjalan", "selesai", "berjalan"];
  let made = 0;
  for (let c = 0; c < COMMITMENTS; c++) {
    const commitmentId = uuidv7();
    const count = Math.floor(ITEMS / COMMITMENTS) + (c < ITEMS % COMMITMENTS ? 1 : 0);
    const batch: Mutation[] = [mut("commitment", { kecCode: "18.04.10", meetingId: null, title: `Komitmen lintas sektor ${c + 1}`, period: "2026", docVersion: 1 }, commitmentId)];
    const used = new Set<string>();
    for (let i = 0; i < count; i++) {
      const officeId = offices[(c + i) % offices.length]!;
      used.add(officeId);
      batch.push(mut("commitment_item", {
        commitmentId, number: i + 1, officeId, action: `Aksi ${i + 1} untuk komitmen ${c + 1}`, indicator: "Cakupan", targetKind: "number", targetValue: 80, targetUnit: "%",
        desaCodes: i % 3 === 0 ? null : [desa[(c + i) % desa.length]!], dueDate: `2026-${String(1 + ((c + i) % 12)).padStart(2, "0")}-28`, status: statuses[(c + i) % 4],
      }));
    }
    for (const officeId of used) batch.push(mut("commitment_party", { commitmentId, officeId }));
    const res = await api<{ results: { status: string }[] }>(server, "POST", "/api/sync/push", token, { mutations: batch });
    if (res.status !== 200) throw new Error(`push ${res.status}: ${JSON.stringify(res.json).slice(0, 300)}`);
    made += count;
  }

  const phone = await openPhone(server.url);
  try {
    await enrollPhone(phone.page, "DEMO-CAMT");
    const cdp = await phone.context.newCDPSession(phone.page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: RATE });
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      await phone.page.goto(server.url + "/#/");
      await phone.page.getByTestId("sync-card").waitFor();
      const t0 = Date.now();
      await phone.page.goto(server.url + "/#/lintas");
      await phone.page.getByTestId("lx-chart").waitFor({ timeout: 60_000 });
      await phone.page.getByTestId("lx-items").locator("li").first().waitFor();
      times.push(Date.now() - t0);
    }
    const rows = await phone.page.getByTestId("lx-items").locator("li").count();
    times.sort((a, b) => a - b);
    console.log(`camat view, ${COMMITMENTS} commitments / ${made} items, ${RATE}× CPU throttling: median ${times[Math.floor(times.length / 2)]} ms (runs: ${times.join(", ")} ms; ${rows} item rows rendered)`);
  } finally {
    await phone.close();
  }
} finally {
  await server.stop();
}

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CENTRAL, SHARDS, shardKeyOf } from "../../domain/shards/registry.ts";
import { tomlBlock } from "../../scripts/shards.ts";

/** Issue 16: wrangler.toml's D1 bindings are generated from the shard registry, never edited apart. */
describe("the shard registry and wrangler.toml", () => {
  const toml = readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8");

  it("wrangler.toml carries exactly the generated block (npx tsx scripts/shards.ts toml)", () => {
    expect(toml).toContain(tomlBlock());
    // No D1 binding outside the generated block.
    expect(toml.split("[[d1_databases]]").length - 1).toBe(SHARDS.length + 1);
  });

  it("gives every kabupaten its own binding, database and key, and each has its area file", () => {
    const keys = SHARDS.map((s) => shardKeyOf(s.kabupaten));
    expect(new Set(keys).size).toBe(SHARDS.length);
    expect(new Set([...SHARDS.map((s) => s.binding), CENTRAL.binding]).size).toBe(SHARDS.length + 1);
    expect(new Set([...SHARDS.map((s) => s.database), CENTRAL.database]).size).toBe(SHARDS.length + 1);
    for (const s of SHARDS) {
      expect(s.kabupaten).toMatch(/^\d{2}\.\d{2}$/);
      const areas = JSON.parse(readFileSync(new URL(`../../scripts/data/areas-${s.kabupaten}.json`, import.meta.url), "utf8")) as { kabupaten: { code: string; name: string } };
      expect(areas.kabupaten).toEqual({ code: s.kabupaten, name: s.name });
    }
  });
});

import { and, count, desc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { reachArea, type Principal } from "../../domain/access/policy.ts";
import { areaLevel, areaWithin } from "../../domain/area/codes.ts";
import type { OpenConflict } from "../../domain/sync/protocol.ts";
import { chunk, type Db } from "../db/client.ts";
import { conflicts, syncIndex, users } from "../db/schema.ts";
import { forbidden } from "../http/errors.ts";
import { audit } from "./audit.ts";

export const CONFLICTS_PAGE = 200;

/**
 * Open conflicts on health data in the caller's area, newest first, with a count per desa: what
 * the puskesmas console lists so someone settles them (issue 10). A row's place comes from the
 * sync index, so the query never scans the entity tables. Reading them shows both values (which
 * can be names or answers), so the read is audited like a person read, with ids only.
 */
export async function listOpenConflicts(db: Db, p: Principal, q: { desa?: string | undefined; limit?: number | undefined }, now: number) {
  const area = reachArea(p, "health:read");
  if (!area) throw forbidden("Outside your role or area", { permission: "health:read" });
  if (q.desa && !areaWithin(q.desa, area)) throw forbidden("Outside your role or area", { permission: "health:read" });
  const scope = q.desa ?? area;
  const level = areaLevel(scope);
  const column = level === "desa" ? syncIndex.desa : level === "kecamatan" ? syncIndex.kec : syncIndex.kab;
  const where: SQL[] = [isNull(conflicts.resolvedAt), eq(syncIndex.domain, "health"), eq(column, scope)];
  // A kader bound to one dusun sees that dusun's rows only (domain/access: "own").
  if (p.role === "kader" && p.dusunId) where.push(eq(syncIndex.dusun, p.dusunId));
  const on = and(eq(syncIndex.entity, conflicts.entity), eq(syncIndex.entityId, conflicts.entityId));
  const [rows, perDesa] = await Promise.all([
    db
      .select({
        id: conflicts.id, entity: conflicts.entity, entityId: conflicts.entityId, field: conflicts.field,
        serverValue: conflicts.serverValue, clientValue: conflicts.clientValue,
        clientBy: conflicts.userId, clientByName: users.name, clientAt: conflicts.at,
        desa: syncIndex.desa, dusun: syncIndex.dusun,
      })
      .from(conflicts)
      .innerJoin(syncIndex, on)
      .leftJoin(users, eq(users.id, conflicts.userId))
      .where(and(...where))
      .orderBy(desc(conflicts.at))
      .limit(Math.min(q.limit ?? CONFLICTS_PAGE, CONFLICTS_PAGE)),
    db.select({ desa: syncIndex.desa, open: count() }).from(conflicts).innerJoin(syncIndex, on).where(and(...where)).groupBy(syncIndex.desa),
  ]);
  await audit(db, p, { action: "conflicts.read", details: { area: scope, count: rows.length } }, now);
  return {
    conflicts: rows.map((r) => ({
      id: r.id, entity: r.entity, entityId: r.entityId, field: r.field, serverValue: r.serverValue ?? null, clientValue: r.clientValue ?? null,
      clientBy: { id: r.clientBy, name: r.clientByName ?? null }, clientAt: r.clientAt, desa: r.desa, dusun: r.dusun,
    })),
    perDesa: perDesa.map((d) => ({ desa: d.desa, open: d.open })),
  };
}

/**
 * The open conflicts of rows a pull sends flagged for review, with who sent each value and when,
 * so the phone can offer them to be settled (web/src/screens/sync/review.tsx). Flagged rows are
 * few; the ids are chunked under D1's 100 bound parameters.
 */
export async function openConflictsOf(db: Db, refs: readonly { entity: string; id: string }[]): Promise<Map<string, OpenConflict[]>> {
  const out = new Map<string, OpenConflict[]>();
  if (!refs.length) return out;
  const server = alias(users, "server_user");
  const rows = (
    await Promise.all(
      chunk([...new Set(refs.map((r) => r.id))], 90).map((ids) =>
        db
          .select({
            id: conflicts.id, entity: conflicts.entity, entityId: conflicts.entityId, field: conflicts.field,
            serverValue: conflicts.serverValue, clientValue: conflicts.clientValue,
            clientBy: conflicts.userId, clientByName: users.name, clientAt: conflicts.at,
            serverBy: conflicts.serverBy, serverByName: server.name, serverAt: conflicts.serverAt,
          })
          .from(conflicts)
          .leftJoin(users, eq(users.id, conflicts.userId))
          .leftJoin(server, eq(server.id, conflicts.serverBy))
          .where(and(inArray(conflicts.entityId, ids), isNull(conflicts.resolvedAt)))
          .orderBy(conflicts.id)
          .all(),
      ),
    )
  ).flat();
  const wanted = new Set(refs.map((r) => `${r.entity}:${r.id}`));
  for (const r of rows) {
    const key = `${r.entity}:${r.entityId}`;
    if (!wanted.has(key)) continue;
    const list = out.get(key) ?? [];
    list.push({
      id: r.id, field: r.field, serverValue: r.serverValue ?? null, clientValue: r.clientValue ?? null,
      clientBy: { id: r.clientBy, name: r.clientByName ?? null }, clientAt: r.clientAt,
      serverBy: r.serverBy ? { id: r.serverBy, name: r.serverByName ?? null } : null, serverAt: r.serverAt ?? null,
    });
    out.set(key, list);
  }
  return out;
}

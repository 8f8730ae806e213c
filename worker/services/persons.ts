import { and, asc, eq } from "drizzle-orm";
import type { Principal } from "../../domain/access/policy.ts";
import type { Db } from "../db/client.ts";
import { persons, records } from "../db/schema.ts";
import { payloadOf } from "../db/tables.ts";
import { notFound } from "../http/errors.ts";
import { authorize } from "../http/route.ts";
import { audit } from "./audit.ts";

/** One person with their visit records, for a screen that is online (the puskesmas console). */
export async function readPerson(db: Db, p: Principal, id: string, now: number) {
  const person = await db.select().from(persons).where(and(eq(persons.id, id), eq(persons.deleted, false))).get();
  if (!person) throw notFound("No such person");
  authorize(p, "health:read", { areaCode: person.scopeArea, dusunId: person.scopeDusun });
  const visits = await db
    .select()
    .from(records)
    .where(and(eq(records.personId, id), eq(records.deleted, false)))
    .orderBy(asc(records.visitDate))
    .all();
  await audit(db, p, { action: "person.read", entity: "person", entityId: id, details: { records: visits.length } }, now);
  return {
    person: { id: person.id, version: person.version, ...payloadOf(person) },
    records: visits.map((r) => ({ id: r.id, version: r.version, ...payloadOf(r) })),
  };
}

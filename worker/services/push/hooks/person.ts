import { nikFitsSex } from "../../../../domain/entities/formats.ts";
import { Rejection } from "../state.ts";
import type { EntityHooks } from "./types.ts";

/**
 * A person: the NIK's birth-day digits must fit the sex (women's day + 40, Dukcapil), the same
 * rule the phone's form applies (domain/entities/formats.ts). Checked when a mutation sets the NIK
 * or the sex, so an older row does not block unrelated edits.
 */
export const personHooks: EntityHooks = {
  check: (_ctx, c) => {
    if (!("nik" in c.payload) && !("sex" in c.payload)) return;
    const { nik, sex } = c.next;
    if (typeof nik === "string" && typeof sex === "string" && !nikFitsSex(nik, sex)) {
      throw new Rejection("nik_sex_mismatch", "The NIK's birth-day digits do not fit the sex (women's day + 40)", { field: "nik" });
    }
  },
};

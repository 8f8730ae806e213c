/**
 * The reference rows an administrator works with, from the phone's synced copy (the server sends
 * them within reference:read): areas, dusun, facilities, partner offices, limited to the
 * administrator's own area.
 */
import { areaWithin } from "../../../../domain/area/codes.ts";
import type { Area, Dusun, Facility, Office } from "../../../../domain/entities/types.ts";
import { app } from "../../state.ts";
import type { View } from "../../store/local.ts";

export type { Area, Dusun, Facility, Office };

const byName = <T extends { name: string }>(a: View<T>, b: View<T>) => a.data.name.localeCompare(b.data.name, "id");

export async function loadPlaces() {
  const s = app.store;
  const [areas, dusun, facilities, offices] = await Promise.all([s.list<Area>("area"), s.list<Dusun>("dusun"), s.list<Facility>("facility"), s.list<Office>("office")]);
  const scope = app.session!.user.areaCode;
  const mine = areas.filter((a) => areaWithin(a.id, scope)).sort(byName);
  const areaName = new Map(areas.map((a) => [a.id, a.data.name]));
  const nameOf = (code: string | null | undefined) => (code ? areaName.get(code) ?? code : "—");
  return {
    scope,
    kabupaten: mine.filter((a) => a.data.level === "kabupaten"),
    kecamatan: mine.filter((a) => a.data.level === "kecamatan"),
    desa: mine.filter((a) => a.data.level === "desa"),
    dusun: dusun.filter((d) => areaWithin(d.data.desaCode, scope)).sort(byName),
    posyandu: facilities.filter((f) => f.data.kind === "posyandu" && areaWithin(f.data.areaCode, scope)).sort(byName),
    offices: offices.filter((o) => areaWithin(o.data.kecCode, scope)).sort(byName),
    nameOf,
    /** "Kembahang · Batu Brak": a desa with its kecamatan, for an administrator above one kecamatan. */
    placeLabel: (code: string) => {
      const parent = areas.find((a) => a.id === code)?.data.parentCode;
      const wide = mine.filter((a) => a.data.level === "kecamatan").length > 1;
      return wide && parent && code.split(".").length === 4 ? `${nameOf(code)} · ${nameOf(parent)}` : nameOf(code);
    },
  };
}
export type Places = Awaited<ReturnType<typeof loadPlaces>>;

/**
 * The registry's dusun list for a user above one desa (puskesmas, dinkes): dusun grouped under
 * their pekon (desa), each with the pekon's name, since a kecamatan has dusun of the same name in
 * different pekon ("Dusun I" in each). Pure, so it is tested in node.
 */

export interface DusunGroup<D> {
  desaCode: string;
  /** The pekon's name from its area row; the code when the row has not arrived. */
  name: string;
  dusun: D[];
}

type DusunLike = { id: string; data: { name: string; desaCode: string } };
type AreaLike = { id: string; data: { name: string } };

/** Groups in pekon-name order, dusun in name order within each. */
export function groupDusunByDesa<D extends DusunLike>(dusun: readonly D[], areas: readonly AreaLike[]): DusunGroup<D>[] {
  const names = new Map(areas.map((a) => [a.id, a.data.name]));
  const groups = new Map<string, DusunGroup<D>>();
  for (const d of dusun) {
    const code = d.data.desaCode;
    let g = groups.get(code);
    if (!g) groups.set(code, (g = { desaCode: code, name: names.get(code) ?? code, dusun: [] }));
    g.dusun.push(d);
  }
  const out = [...groups.values()].sort((a, b) => a.name.localeCompare(b.name) || a.desaCode.localeCompare(b.desaCode));
  for (const g of out) g.dusun.sort((a, b) => a.data.name.localeCompare(b.data.name));
  return out;
}

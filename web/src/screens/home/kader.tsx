import { formatDate, useLang } from "../../i18n/index.ts";
import { th } from "../../i18n/home.ts";
import { app, useData } from "../../state.ts";
import { todayIso } from "../../util/people.ts";
import { dusunSasaran } from "../posyandu/data.ts";
import { TaskBoard } from "./tasks.tsx";

/** The next posyandu day of a dusun, its sasaran and how many are weighed this month, and the way into posyandu mode. */
export function PosyanduCard({ dusunId }: { dusunId: string }) {
  useLang();
  const today = todayIso();
  const { data } = useData(() => dusunSasaran(dusunId, today), [dusunId, today]);
  if (!data) return null;
  const isToday = data.next.date === today;
  return (
    <section class="card posyandu-card" data-testid="posyandu-next" data-date={data.next.date}>
      <h2>{isToday ? th("hmPosyanduToday") : th("hmPosyanduNext")}: {formatDate(data.next.date)}</h2>
      <p class="muted">{data.dusun?.data.name} · {data.next.fromHistory ? th("hmPosyanduFromHistory") : th("hmPosyanduDaily")}</p>
      <p>{th("hmPosyanduSasaran", { n: data.children.length, w: data.children.filter((c) => c.weighedThisMonth).length })}</p>
      <a class="btn primary" href={`#/posyandu/${dusunId}`} data-testid="posyandu-open">{th("hmPosyanduOpen")}</a>
    </section>
  );
}

/** A kader: her dusun's next posyandu day first, then only her own tasks, in her own dusun. */
export default function KaderHome() {
  const dusunId = app.session!.user.dusunId;
  return (
    <>
      {dusunId && <PosyanduCard dusunId={dusunId} />}
      <h2>{th("hmMine")}</h2>
      <TaskBoard own={["kader"]} others="hidden" dusunId={dusunId} />
    </>
  );
}

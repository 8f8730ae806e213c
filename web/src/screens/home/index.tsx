import { HEALTH_ROLES } from "../../auth/session.ts";
import { formatDate, t, type MessageKey } from "../../i18n/index.ts";
import { app, useData } from "../../state.ts";
import { SyncCard } from "../../components/sync-card.tsx";
import { Header, Screen } from "../../components/ui.tsx";
import { ScopeTasks } from "./tasks.tsx";
import { LintasReminders } from "../lintas/index.tsx";

/** Today's work: unfinished forms; the follow-up tasks come from the shared rules (ScopeTasks). */
async function loadToday() {
  const drafts = await app.store.listDrafts();
  return { drafts: drafts.sort((a, b) => b.updatedAt - a.updatedAt) };
}

export function Home() {
  const user = app.session!.user;
  const health = HEALTH_ROLES.includes(user.role);
  const { data } = useData(loadToday, []);
  return (
    <>
      <Header title={t("appName")} />
      <Screen>
        <p class="welcome">
          {t("welcome", { name: user.name })} · <span class="muted">{t(`role_${user.role}` as MessageKey)}</span>
        </p>
        <SyncCard />
        <h2>{t("today")}</h2>
        {data && data.drafts.length > 0 && (
          <section>
            <h3>{t("drafts")}</h3>
            <ul class="list">
              {data.drafts.map((d) => (
                <li key={d.key}>
                  <a href={d.route} class="row">
                    <span>{d.title}</span>
                    <span class="muted">{t("continueDraft")} ›</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        )}
        {!health && <p class="muted">{t("noHealthAccess")}</p>}
        {health && <ScopeTasks />}
        {/* Lintas sektor (issue 6): commitment items due in 7 days or late, for mitra, camat, puskesmas. */}
        <LintasReminders />
      </Screen>
    </>
  );
}

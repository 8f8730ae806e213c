/**
 * Administration in the app (issue 11): users, enrollment codes, devices, dusun and posyandu,
 * partner offices, form versions. For roles with admin:users (puskesmas in its kecamatan,
 * dinkes in its kabupaten); the server checks every call again. A lazy chunk (app.tsx), never in
 * the first load. The API screens need a signal; places are saved offline and synced.
 */
import { t } from "../../i18n/index.ts";
import { ta } from "../../i18n/admin-console.ts";
import type { Route } from "../../router.ts";
import { app } from "../../state.ts";
import { Header, Screen } from "../../components/ui.tsx";
import { canAdminister } from "./roles.ts";
import { CodesScreen } from "./codes.tsx";
import { DevicesScreen } from "./devices.tsx";
import { FormsScreen } from "./forms.tsx";
import { OfficesScreen, PlacesScreen } from "./places.tsx";
import { UserList, UserNew, UserView } from "./users.tsx";
import "./admin.css";

const SECTIONS = [
  { key: "users", label: "admUsers", icon: "👤" },
  { key: "codes", label: "admCodes", icon: "🔑" },
  { key: "devices", label: "admDevices", icon: "📱" },
  { key: "places", label: "admPlaces", icon: "⌂" },
  { key: "offices", label: "admOffices", icon: "⇄" },
  { key: "forms", label: "admForms", icon: "☰" },
] as const;

function AdminHome() {
  return (
    <>
      <Header title={ta("admTitle")} backTo="#/" />
      <Screen>
        <nav aria-label={ta("admTitle")}>
          <ul class="list admin-sections">
            {SECTIONS.map((s) => (
              <li key={s.key}>
                <a class="row" href={`#/admin/${s.key}`} data-testid={`admin-nav-${s.key}`}>
                  <span>
                    <span aria-hidden="true" class="admin-ico">{s.icon}</span> {ta(s.label)}
                  </span>
                  <span aria-hidden="true">›</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </Screen>
    </>
  );
}

export default function AdminConsole({ route }: { route: Route }) {
  const [, section, id] = route.parts;
  if (!app.session || !canAdminister(app.session.user.role)) {
    return (
      <>
        <Header title={ta("admTitle")} backTo="#/" />
        <Screen><p class="muted">{t("err_forbidden")}</p></Screen>
      </>
    );
  }
  switch (section) {
    case "users":
      if (id === "new") return <UserNew />;
      return id ? <UserView key={id} id={id} /> : <UserList />;
    case "codes":
      return <CodesScreen />;
    case "devices":
      return <DevicesScreen />;
    case "places":
      return <PlacesScreen />;
    case "offices":
      return <OfficesScreen />;
    case "forms":
      return <FormsScreen />;
    default:
      return <AdminHome />;
  }
}

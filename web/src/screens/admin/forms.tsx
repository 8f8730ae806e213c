import { getLang, t } from "../../i18n/index.ts";
import { ta } from "../../i18n/admin-console.ts";
import { useForms } from "../../forms-loader.ts";
import { Badge, Header, Loading, Screen } from "../../components/ui.tsx";

/** The published form versions (domain/forms/index.ts), read-only: forms change by publishing a new version in code. */
export function FormsScreen() {
  const forms = useForms();
  if (!forms) return <Loading />;
  const current = new Set(forms.currentForms().map((f) => forms.formKey(f.id, f.version)));
  const all = Object.values(forms.FORMS).sort((a, b) => a.cluster - b.cluster || a.id.localeCompare(b.id) || b.version - a.version);
  const lang = getLang();
  return (
    <>
      <Header title={ta("admForms")} backTo="#/admin" />
      <Screen>
        <p class="hint">{ta("admFormsNote")}</p>
        <ul class="list" data-testid="admin-forms">
          {all.map((f) => {
            const key = forms.formKey(f.id, f.version);
            return (
              <li key={key} class="row static" data-testid="admin-form" data-form={key}>
                <span class="admin-line">
                  <strong>{f.title[lang]}</strong>
                  {current.has(key) ? <Badge kind="ok">{ta("admFormCurrent")}</Badge> : <Badge kind="info">{ta("admFormOld")}</Badge>}
                </span>
                <span class="muted">
                  {f.id} · {ta("admFormVersion", { v: f.version })} · {ta("admFormCluster", { n: f.cluster })} · {ta("admFormFields", { n: forms.fields(f).length })}
                </span>
              </li>
            );
          })}
        </ul>
      </Screen>
    </>
  );
}

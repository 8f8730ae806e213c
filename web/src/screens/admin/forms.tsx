import { getLang, t } from "../../i18n/index.ts";
import { ta } from "../../i18n/admin-console.ts";
import { FORM_CATALOG } from "../../../../domain/forms/catalog.ts";
import { useForms } from "../../forms-loader.ts";
import { Badge, Header, Loading, Screen } from "../../components/ui.tsx";

const CATALOG_REFS = FORM_CATALOG.map((m) => ({ formId: m.id, formVersion: m.version }));

/** The published form versions (domain/forms/index.ts), read-only: forms change by publishing a new version in code. */
export function FormsScreen() {
  // Every published version, each from its own chunk (issue 15): the field counts need the definitions.
  const forms = useForms(CATALOG_REFS);
  if (!forms) return <Loading />;
  const current = new Set(forms.currentFormMetas().map((f) => forms.formKey(f.id, f.version)));
  const all = forms.catalog.flatMap((m) => forms.getForm(m.id, m.version) ?? []).sort((a, b) => a.cluster - b.cluster || a.id.localeCompare(b.id) || b.version - a.version);
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

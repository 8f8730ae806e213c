import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { t } from "../../i18n/index.ts";
import { ta } from "../../i18n/admin-console.ts";
import { Button } from "../../components/ui.tsx";
import { formErrors } from "./logic.ts";

/** An API read: data, its error in words, and a reload. Reads again when `deps` change. */
export function useApi<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data: T | undefined; error: string | null; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (e: unknown) => live && setState({ data: undefined, error: formErrors(e).general ?? t("err_validation_failed"), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [n, ...deps]);
  return { ...state, reload: () => setN((x) => x + 1) };
}

export function ErrorLine({ text, testId = "admin-error" }: { text: string | null | undefined; testId?: string }) {
  return text ? (
    <p class="error admin-error" role="alert" data-testid={testId}>
      {text}
    </p>
  ) : null;
}

export function RefreshButton({ onClick }: { onClick: () => void }) {
  return (
    <Button kind="secondary" onClick={onClick} data-testid="admin-refresh">
      ⟳ {ta("admRefresh")}
    </Button>
  );
}

/**
 * A confirmation in the page (not window.confirm): it says what will happen and waits. The
 * confirming button is the dangerous one; Escape or the cancel button leave without acting.
 */
export function ConfirmDialog(props: { title: string; children: ComponentChildren; confirm: string; onConfirm: () => void; onCancel: () => void; busy?: boolean; testId?: string }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && props.onCancel();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [props.onCancel]);
  return (
    <div class="admin-dialog-back">
      <div class="admin-dialog card" role="alertdialog" aria-modal="true" aria-labelledby="admin-dialog-title" data-testid={props.testId ?? "admin-confirm"}>
        <h2 id="admin-dialog-title">{props.title}</h2>
        {props.children}
        <div class="row2">
          <Button kind="secondary" onClick={props.onCancel} data-testid="admin-confirm-cancel">
            {t("cancel")}
          </Button>
          <Button kind="danger" onClick={props.onConfirm} disabled={props.busy} data-testid="admin-confirm-ok">
            {props.confirm}
          </Button>
        </div>
      </div>
    </div>
  );
}

/**
 * Hand a Blob to the browser as a download (an <a download> clicked and removed). Shared by the
 * PWS console's CSVs (screens/pws) and the interop console's Bundle and report files
 * (screens/interop); only those lazy chunks import it, so it stays out of the first load.
 */

/** How long the object URL lives: a large Bundle can still be being written to disk after the click. */
const REVOKE_AFTER_MS = 60_000;

export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/**
 * What happens when the phone is opened, enrolled, re-enrolled or recovered: the steps between
 * the vault (vault.ts), the store's key and the services that need the session. Screens call
 * these; none of them touches keys.
 */
import { app } from "../state.ts";
import { warmFormsWhenReady } from "../forms-warm-start.ts";
import { Cipher } from "../store/cipher.ts";
import { META } from "../store/local.ts";
import { PHOTO_DB_NAME } from "../sync/photo-db.ts";
import type { EnrollResponse } from "../sync/transport.ts";
import { verifyLegacyPin } from "./pin.ts";
import type { Session } from "./session.ts";
import { calibrateIterations, createVault, openWithPin, resetPin, withRecovery } from "./vault.ts";

export type GateState = "enroll" | "locked";

/** Before any screen: is there anything to unlock? Reads only clear bookkeeping. */
export async function initialGate(): Promise<GateState> {
  const [vault, legacy] = await Promise.all([app.store.getMeta(META.vault), app.store.getMeta(META.pin)]);
  return vault || legacy ? "locked" : "enroll";
}

let servicesStarted = false;
/** Sync and photo uploads need the token, so they start at the first unlock, not at boot. */
function startServices(): void {
  if (servicesStarted) return;
  servicesStarted = true;
  void navigator.storage?.persist?.().catch(() => false);
  app.engine.start();
  // The photo uploader (and its chunk) only on a phone that has queued a photo (its database
  // exists); the evidence screen starts it with the first photo (photo-service.ts photoQueue).
  void hasPhotoDatabase().then(async (has) => {
    if (has) (await import("../screens/lintas/photo-service.ts")).startPhotoUploads();
  });
}

/** Whether the photo database exists; true when the browser cannot say (older WebViews), to be safe. */
async function hasPhotoDatabase(): Promise<boolean> {
  if (typeof indexedDB.databases !== "function") return true;
  const dbs = await indexedDB.databases().catch(() => null);
  return !dbs || dbs.some((d) => d.name === PHOTO_DB_NAME);
}

async function open(key: CryptoKey): Promise<void> {
  app.store.unlock(new Cipher(key));
  await app.store.deleteMeta(META.pinFailures);
  app.session = (await app.store.getSession()) ?? null;
  startServices();
  // The definitions of the forms this role enters, for offline use (issue 15): once per page and
  // role (another user enrolled on this phone may enter other forms).
  if (app.session && warmedFor !== app.session.user.role) {
    const role = app.session.user.role;
    warmedFor = role;
    // A failed warm-up (no signal) is tried again at the next unlock.
    warmFormsWhenReady(role, () => {
      if (warmedFor === role) warmedFor = null;
    });
  }
}
let warmedFor: string | null = null;

/**
 * Check a PIN and open the data. False for a wrong PIN. A phone from before encryption checks
 * its old PIN hash once, then gets a vault and has everything sealed.
 */
export async function unlockWithPin(pin: string): Promise<boolean> {
  const vault = await app.store.getMeta(META.vault);
  if (vault) {
    const key = await openWithPin(vault, pin);
    if (!key) return false;
    await open(key);
    return true;
  }
  const legacy = await app.store.getMeta(META.pin);
  if (!legacy || !(await verifyLegacyPin(pin, legacy))) return false;
  const { record, key } = await createVault(pin, { iterations: await calibrateIterations() });
  await app.store.setMeta(META.vault, record);
  app.store.unlock(new Cipher(key));
  await app.store.sealLegacy();
  await open(key);
  return true;
}

function sessionOf(r: EnrollResponse, deviceName: string | null): Session {
  return { token: r.token, deviceId: r.deviceId, deviceName, user: r.user, enrolledAt: Date.now() };
}

/**
 * An enrollment answered while the app is open (the old session was refused): the same user
 * keeps the data and the PIN; another user's data must not be pushed under the new account, so
 * it goes, and the caller asks for a new PIN. True when the phone is ready.
 */
export async function reEnroll(r: EnrollResponse, deviceName: string | null): Promise<boolean> {
  if (!app.store.unlocked || !app.session) return false;
  if (app.session.user.id !== r.user.id) {
    app.engine.stop();
    servicesStarted = false;
    await app.store.wipe();
    app.session = null;
    return false;
  }
  const session = sessionOf(r, deviceName);
  const vault = await app.store.getMeta(META.vault);
  if (vault && r.recoveryKey) await app.store.setMeta(META.vault, await withRecovery(vault, app.store.dataKey, r.recoveryKey));
  await app.store.setSession(session);
  await app.store.deleteMeta(META.revoked);
  app.session = session;
  return true;
}

/** The first PIN after enrollment: a new data key, wrapped by the PIN and the recovery key. */
export async function finishEnrollment(r: EnrollResponse, deviceName: string | null, pin: string): Promise<void> {
  const { record, key } = await createVault(pin, { iterations: await calibrateIterations(), recoveryKey: r.recoveryKey ?? null });
  await app.store.setMeta(META.vault, record);
  app.store.unlock(new Cipher(key));
  await app.store.setSession(sessionOf(r, deviceName));
  await open(key);
  // After another user's re-enrollment the engine still holds the refusal: sync at once.
  if (app.engine.state.auth !== "ok") void app.engine.sync("manual");
}

export type RecoverResult = "ok" | "no_recovery" | "key_mismatch";

/**
 * A forgotten PIN: the new code's answer carries this device's recovery key, which opens the
 * data key; the new PIN wraps it. The device's old token no longer works (the server replaced it).
 */
export async function recoverWithCode(r: EnrollResponse, newPin: string): Promise<RecoverResult> {
  const vault = await app.store.getMeta(META.vault);
  if (!vault?.byRecovery || !r.recoveryKey) return "no_recovery";
  const reset = await resetPin(vault, r.recoveryKey, newPin, await calibrateIterations());
  if (!reset) return "key_mismatch";
  await app.store.setMeta(META.vault, reset.record);
  app.store.unlock(new Cipher(reset.key));
  const old = await app.store.getSession();
  await app.store.setSession(sessionOf(r, old?.deviceName ?? null));
  await open(reset.key);
  return "ok";
}

/** Delete everything Simpul keeps on this phone and start again at enrollment. No PIN needed. */
export async function wipePhone(): Promise<void> {
  app.engine.stop();
  await app.store.wipe();
  try {
    await (await import("../screens/lintas/photo-service.ts")).destroyPhotos();
  } catch {
    // Nothing stored yet.
  }
  try {
    await Promise.all((await caches.keys()).filter((k) => !k.startsWith("workbox-precache")).map((k) => caches.delete(k)));
  } catch {
    // No Cache API (insecure context): nothing cached to remove.
  }
  location.replace("/");
}

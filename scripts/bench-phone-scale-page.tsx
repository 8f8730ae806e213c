/**
 * The page of scripts/bench-phone-scale.ts (issue 14, "a phone holding 50,000 records and 10,000
 * persons"). It fills IndexedDB through the real store (LocalStore.applyPullPage: sealed rows,
 * the real schema and indexes), then renders the real screens (Registry, PersonView) with preact
 * into the page and times each from the render (or the keystroke) to the first frame after the
 * screen's content is in the DOM.
 *
 * The same file is built against an older checkout of web/ for the "before" column, so it uses
 * only what both have: LocalStore.open/unlock/applyPullPage/forgetOpened and the two screens.
 *
 * A .tsx so that the scripts project's type-check (NodeNext, no JSX) leaves it alone; it uses h().
 */
import { h, render } from "preact";
import { currentForm } from "../domain/forms/index.ts";
import type { Change } from "../domain/sync/protocol.ts";
import { PersonView } from "../web/src/screens/person/index.tsx";
import { clearRegistrySearch, Registry } from "../web/src/screens/registry/index.tsx";
import { app } from "../web/src/state.ts";
import { Cipher } from "../web/src/store/cipher.ts";
import { LocalStore } from "../web/src/store/local.ts";
import { loadForms } from "../web/src/forms-loader.ts";
import { parseHash } from "../web/src/router.ts";
import "../web/src/styles.css"; // the app's layout cost, as the phone draws it

const PERSONS = 10_000;
const RECORDS = 50_000;
const DESA = "18.04.10.2001";
const KEC = "18.04.10";
const DUSUN_OWN = 12;
const DUSUN_OTHER = 48; // reference data covers the kecamatan: the other pekon's dusun are on the phone too
const TODAY = "2026-11-20";
const DAY = 86_400_000;
const T = Date.parse(TODAY + "T00:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Mulberry32: the same phone every run. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let n = 0;
const uuid = (kind: number) => `0190${kind.toString(16).padStart(4, "0")}-0000-7000-8000-${(++n).toString(16).padStart(12, "0")}`;

// Synthetic names, in the shapes of Lampung and Java (no real person).
const FIRST_P = ["Siti", "Sri", "Nur", "Dewi", "Rina", "Yuli", "Ani", "Wati", "Lestari", "Ratna", "Fitri", "Indah", "Ayu", "Rini", "Eka", "Tuti", "Kartini", "Nurhaliza", "Aminah", "Suryani"];
const FIRST_L = ["Ahmad", "Muhammad", "Budi", "Agus", "Joko", "Slamet", "Wayan", "Rudi", "Hendra", "Eko", "Dedi", "Bambang", "Yusuf", "Rahmat", "Hasan", "Sutrisno", "Andi", "Iwan", "Darmawan", "Supriadi"];
const LAST = ["Saputra", "Wijaya", "Susanto", "Hidayat", "Pratama", "Nugroho", "Rahayu", "Lestari", "Kurniawan", "Setiawan", "Handayani", "Purnomo", "Gunawan", "Safitri", "Utami", "Permata", "Ramadhan", "Firmansyah", "Sari", "Anggraini"];
const RELATIONS = ["kepala", "istri", "anak", "anak", "anak", "orang_tua", "lainnya"] as const;

export interface Phone {
  changes: Change[];
  /** Persons with their number of records and referrals (for "drawn" checks). */
  persons: { id: string; records: number; referrals: number }[];
  names: string[];
}

function makePhone(): Phone {
  const r = rng(14);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const changes: Change[] = [];
  let seq = 0;
  const push = (entity: Change["entity"], id: string, data: Record<string, unknown>) => changes.push({ entity, id, version: 1, seq: ++seq, deleted: false, data });
  push("area", KEC, { parentCode: "18.04", level: "kecamatan", name: "Batu Brak", desaTerm: "Pekon" });
  for (let d = 1; d <= 5; d++) push("area", `${KEC}.200${d}`, { parentCode: KEC, level: "desa", name: `Pekon ${d}`, desaTerm: "Pekon" });
  const ownDusun: string[] = [];
  for (let i = 0; i < DUSUN_OWN + DUSUN_OTHER; i++) {
    const id = uuid(1);
    const desaCode = i < DUSUN_OWN ? DESA : `${KEC}.200${2 + (i % 4)}`;
    if (i < DUSUN_OWN) ownDusun.push(id);
    push("dusun", id, { desaCode, name: `Dusun ${i + 1}` });
  }
  const anc = currentForm("anc")!.version;
  const persons: Phone["persons"] = [];
  const names: string[] = [];
  const personIds: { id: string; sex: string; ageDays: number }[] = [];
  let p = 0;
  while (p < PERSONS) {
    const hh = uuid(2);
    push("household", hh, { desaCode: DESA, dusunId: pick(ownDusun), rt: String(1 + Math.floor(r() * 12)).padStart(3, "0"), address: `Jl. Pekon ${Math.floor(r() * 200)}`, noKk: null, pisPk: null });
    const size = 2 + Math.floor(r() * 5); // 2–6, mean 4
    for (let k = 0; k < size && p < PERSONS; k++, p++) {
      const id = uuid(3);
      const sex = k === 0 ? "L" : k === 1 ? "P" : r() < 0.5 ? "L" : "P";
      const ageDays = k < 2 ? 7000 + Math.floor(r() * 14000) : Math.floor(r() * 7000) + 20;
      const name = `${pick(sex === "P" ? FIRST_P : FIRST_L)} ${pick(LAST)}`;
      names.push(name);
      const nik = r() < 0.7 ? `180410${String(Math.floor(r() * 1e10)).padStart(10, "0")}` : null;
      push("person", id, {
        householdId: hh, name, sex, birthDate: iso(T - ageDays * DAY), birthDatePrecision: r() < 0.1 ? "year" : "day",
        nik, relation: k === 0 ? "kepala" : k === 1 ? "istri" : pick(RELATIONS), phone: null, jkn: null,
        pregnant: sex === "P" && ageDays > 7000 && ageDays < 14000 && r() < 0.08,
      });
      personIds.push({ id, sex, ageDays });
      persons.push({ id, records: 0, referrals: 0 });
    }
  }
  // 50,000 records over the persons (5 each on average, skewed: balita and ANC have more).
  for (let i = 0; i < RECORDS; i++) {
    const who = Math.floor(Math.pow(r(), 1.3) * PERSONS);
    const per = personIds[who]!;
    const form = per.ageDays < 1826 ? "balita" : per.sex === "P" && r() < 0.3 ? "anc" : r() < 0.5 ? "ptm" : "lansia";
    const flagged = r() < 0.08;
    const data: Record<string, unknown> =
      form === "balita"
        ? { bb: Math.round((4 + r() * 12) * 10) / 10, panjang_tinggi: Math.round((55 + r() * 50) * 10) / 10, posisi_ukur: "berbaring", asi_eksklusif: r() < 0.7, vitamin_a: r() < 0.5, lila: 13.5 }
        : form === "anc"
          ? { hpht: iso(T - (60 + Math.floor(r() * 170)) * DAY), gravida: 2, para: 1, abortus: 0, pemeriksa: "bidan", td_sistolik: 110 + Math.floor(r() * 40), td_diastolik: 70 + Math.floor(r() * 25), bb: 55, lila: 24, hb: 11.2, tfu: 24, djj: 140 }
          : { td_sistolik: 110 + Math.floor(r() * 60), td_diastolik: 70 + Math.floor(r() * 30), gula_darah: 90 + Math.floor(r() * 150), bb: 60, tb: 158, lingkar_perut: 85, merokok: r() < 0.3, aktivitas_fisik: r() < 0.6 };
    const flags = flagged ? [{ id: `${form}.flag`, severity: r() < 0.5 ? "refer" : "warn", label: { id: "Tekanan darah tinggi", en: "High blood pressure" } }] : [];
    const rid = uuid(4);
    const visitDate = iso(T - Math.floor(r() * 365) * DAY);
    push("record", rid, { personId: per.id, formId: form, formVersion: form === "anc" ? anc : 1, visitDate, facilityId: null, data, derived: { flags, zScores: form === "balita" ? { bbu: -1.2, tbu: -1.8, bbtb: -0.4 } : null } });
    persons[who]!.records++;
    if (flagged && flags[0]!.severity === "refer") {
      push("referral", uuid(5), { personId: per.id, recordId: rid, reason: `${form}.flag`, reasonText: null, destination: "puskesmas", referredAt: visitDate, outcome: r() < 0.6 ? "dirawat_jalan" : null, outcomeNote: null, outcomeAt: null });
      persons[who]!.referrals++;
    }
  }
  return { changes, persons, names };
}

const frame = () => new Promise<void>((res) => requestAnimationFrame(() => setTimeout(res, 0)));

/** Resolve at the first frame after `done()` holds (checked on every DOM change). */
function drawn(root: HTMLElement, done: () => boolean, timeoutMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!done()) return false;
      obs.disconnect();
      clearTimeout(timer);
      void frame().then(resolve);
      return true;
    };
    const obs = new MutationObserver(() => void check());
    const timer = setTimeout(() => {
      obs.disconnect();
      reject(new Error("not drawn in time: " + root.innerHTML.slice(0, 300)));
    }, timeoutMs);
    obs.observe(root, { childList: true, subtree: true, characterData: true });
    check();
  });
}

const root = document.getElementById("app")!;
let phone: Phone | null = null;

async function setup(dbName: string): Promise<{ persons: number; records: number; referrals: number; fillMs: number }> {
  phone = makePhone();
  const t0 = performance.now();
  const store = await LocalStore.open(dbName);
  store.unlock(await Cipher.random());
  const PAGE = 1000;
  for (let i = 0; i < phone.changes.length; i += PAGE) {
    const more = i + PAGE < phone.changes.length;
    await store.applyPullPage({ changes: phone.changes.slice(i, i + PAGE), cursor: String(i), hasMore: more, reset: i === 0, remaining: 0 }, null);
  }
  app.store = store;
  app.session = { token: "t", deviceId: "d", deviceName: null, enrolledAt: 0, user: { id: "u", name: "Bidan", role: "pustu", areaCode: DESA, dusunId: null } } as unknown as typeof app.session;
  app.engine = { state: { phase: "idle" }, subscribe: () => () => undefined, notifySaved: async () => undefined } as unknown as typeof app.engine;
  await loadForms();
  const count = (e: string) => phone!.changes.filter((c) => c.entity === e).length;
  return { persons: count("person"), records: count("record"), referrals: count("referral"), fillMs: Math.round(performance.now() - t0) };
}

function unmount() {
  render(null, root);
  clearRegistrySearch(); // the registry keeps the last query while the page lives
}

/** Warga tab → the dusun list drawn. `cold`: opened values forgotten first (as after a lock). */
async function openRegistry(cold: boolean): Promise<number> {
  unmount();
  await quiet();
  if (cold) app.store.forgetOpened();
  location.hash = "#/registry";
  const t0 = performance.now();
  render(h(Registry, { route: parseHash("#/registry") }), root);
  await drawn(root, () => !!root.querySelector("[data-testid=dusun-list] li"));
  return performance.now() - t0;
}

/** A dusun tapped → its households, each with its head's name and member count, drawn (opened values forgotten first). */
async function openDusun(i: number): Promise<number> {
  const dusun = phone!.changes.filter((c) => c.entity === "dusun" && c.data!.desaCode === DESA);
  const d = dusun[i % dusun.length]!;
  const expected = phone!.changes.filter((c) => c.entity === "household" && c.data!.dusunId === d.id).length;
  unmount();
  await quiet();
  app.store.forgetOpened();
  const hash = `#/registry?dusun=${d.id}`;
  location.hash = hash;
  const t0 = performance.now();
  render(h(Registry, { route: parseHash(hash) }), root);
  await drawn(root, () => root.querySelectorAll("[data-testid=household-list] li").length === expected);
  return performance.now() - t0;
}

const searchBox = () => root.querySelector<HTMLInputElement>("input[type=search]")!;
function type(q: string) {
  const box = searchBox();
  box.value = q;
  box.dispatchEvent(new Event("input", { bubbles: true }));
}

/**
 * Wait until what the last screen started is done (the search index the registry builds after its
 * first screen, where there is one), so each repetition starts on a quiet page.
 */
async function quiet(): Promise<void> {
  const s = app.store as unknown as { personIndex?: () => Promise<unknown> };
  if (s.personIndex) await s.personIndex();
  await new Promise((r) => setTimeout(r, 300));
  await frame();
}

/** The open registry has everything it prepares after its first screen. */
async function settle(): Promise<void> {
  await quiet();
}

/**
 * Right after the registry opened with nothing opened yet (the first search after a lock): the
 * name typed at once → results drawn, the search index built meanwhile included.
 */
async function searchCold(q: string): Promise<number> {
  unmount();
  await quiet();
  app.store.forgetOpened();
  render(h(Registry, { route: parseHash("#/registry") }), root);
  await drawn(root, () => !!root.querySelector("[data-testid=dusun-list] li"));
  const t0 = performance.now();
  type(q);
  await drawn(root, () => !!root.querySelector("[data-testid=search-results]"));
  return performance.now() - t0;
}

/** Where the time goes: the store calls alone, without rendering. */
async function probe(): Promise<Record<string, number>> {
  unmount();
  await quiet();
  const out: Record<string, number> = {};
  const time = async (k: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    out[k] = Math.round(performance.now() - t0);
  };
  const s = app.store as unknown as { personIndex?: () => Promise<unknown> };
  await time("getAll sealed persons (IndexedDB only)", () => app.store.db.getAllFromIndex("rows", "entity", "person"));
  app.store.forgetOpened();
  await time("list(person), nothing opened", () => app.store.list("person"));
  await time("list(person), opened", () => app.store.list("person"));
  if (s.personIndex) {
    app.store.forgetOpened();
    await time("  of which: the snapshot's box (getCached: read, decrypt, JSON.parse)", () => app.store.getCached("person-index"));
    app.store.forgetOpened();
    await time("personIndex after a lock (its sealed snapshot)", () => s.personIndex!());
    await time("personIndex, nothing changed", () => s.personIndex!());
    app.store.forgetOpened();
    await app.store.deleteCached("person-index");
    await time("personIndex, first ever (reads and opens every person)", () => s.personIndex!());
    await s.personIndex(); // seals the snapshot again
  }
  return out;
}

/** A name typed into the open registry → its results drawn. */
async function search(q: string): Promise<{ ms: number; hits: number }> {
  type("");
  await drawn(root, () => !root.querySelector("[data-testid=search-results]"));
  await frame();
  const t0 = performance.now();
  type(q);
  await drawn(root, () => !!root.querySelector("[data-testid=search-results]"));
  const ms = performance.now() - t0;
  return { ms, hits: root.querySelectorAll("[data-testid=search-results] li").length };
}

/** Tap a person → their page with every visit (and their referrals) drawn; opened values forgotten first. */
async function openPerson(i: number): Promise<number> {
  const withRecords = phone!.persons.filter((p) => p.records >= 3);
  const p = withRecords[(i * 7919) % withRecords.length]!;
  unmount();
  await quiet();
  app.store.forgetOpened();
  location.hash = `#/person/${p.id}`;
  const t0 = performance.now();
  render(h(PersonView, { id: p.id }), root);
  await drawn(root, () => {
    const visits = root.querySelectorAll("[data-testid=visits] li").length;
    const titled = !!root.querySelector("[data-testid=new-visit]"); // the forms chunk answered
    const refs = p.referrals === 0 || !!root.querySelector("[data-testid=referrals]");
    return visits === p.records && titled && refs;
  });
  return performance.now() - t0;
}

declare global {
  interface Window {
    phoneBench: {
      setup: typeof setup;
      openRegistry: typeof openRegistry;
      settle: typeof settle;
      search: typeof search;
      openPerson: typeof openPerson;
      searchCold: typeof searchCold;
      openDusun: typeof openDusun;
      probe: typeof probe;
      unmount: typeof unmount;
    };
  }
}
window.phoneBench = { setup, openRegistry, settle, search, openPerson, searchCold, openDusun, probe, unmount };

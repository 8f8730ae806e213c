import type { Role } from "../../domain/access/policy.ts";
import type { OFFICE_KINDS } from "../../domain/entities/schemas.ts";

/**
 * The demo users the seed creates, one per role, with fixed enrollment codes so a demo, the
 * README and the end-to-end tests can enroll a phone without an administrator. The worker
 * refuses demo codes when ENVIRONMENT is "production" (wrangler.toml).
 */
export interface DemoAccount {
  /** Fixed so tests can refer to a user across reseeds. */
  id: string;
  role: Role;
  /** Enrollment code, as typed on the phone. */
  code: string;
  name: string;
  /** The area the user is bound to (see ROLE_AREA_LEVEL in domain/access/policy.ts). */
  area: string;
  description: string;
  /** For a mitra: the kind of the partner office in the same kecamatan it acts for. */
  officeKind?: (typeof OFFICE_KINDS)[number];
  /** For a dusun-bound kader: which dusun of its desa (0 = the first one seeded). */
  dusunIndex?: number;
}

/** Far enough that a demo database never sees its codes expire. */
export const DEMO_CODE_EXPIRES_AT = Date.UTC(2099, 11, 31);

/** Lampung Barat (18.04), Kecamatan Batu Brak: the pilot's demo, in the README and the e2e tests. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    id: "01940000-0000-7000-8000-000000000001",
    role: "dinkes",
    code: "DEMO-DINK",
    name: "Rahmawati Oktaviani",
    area: "18.04",
    description: "Dinas Kesehatan Kabupaten Lampung Barat: reads every kecamatan, manages users and reference data",
  },
  {
    id: "01940000-0000-7000-8000-000000000002",
    role: "puskesmas",
    code: "DEMO-PKM1",
    name: "Hendra Saputra",
    area: "18.04.10",
    description: "ILP coordinator, Puskesmas Batubrak: all of Kecamatan Batu Brak, lintas sektor, enrolls users",
  },
  {
    id: "01940000-0000-7000-8000-000000000003",
    role: "pustu",
    code: "DEMO-PSTU",
    name: "Nurjanah Safitri",
    area: "18.04.10.2001",
    description: "Pustu Kembahang: registers and serves the people of Pekon Kembahang",
  },
  {
    id: "01940000-0000-7000-8000-000000000004",
    role: "pustu",
    code: "DEMO-PST2",
    name: "Desi Anggraini",
    area: "18.04.10.2002",
    description: "Pustu Negeri Ratu: registers and serves the people of Pekon Negeri Ratu",
  },
  {
    id: "01940000-0000-7000-8000-000000000005",
    role: "kader",
    code: "DEMO-KADR",
    name: "Yusnani",
    area: "18.04.10.2001",
    dusunIndex: 0,
    description: "Kader posyandu, Dusun I of Pekon Kembahang: sees only that dusun's households",
  },
  {
    id: "01940000-0000-7000-8000-000000000006",
    role: "camat",
    code: "DEMO-CAMT",
    name: "Syahrial Hakim",
    area: "18.04.10",
    description: "Camat Batu Brak: chairs the lintas sektor meeting and follows commitments; no personal health data",
  },
  {
    id: "01940000-0000-7000-8000-000000000007",
    role: "mitra",
    code: "DEMO-MKUA",
    name: "Ahmad Fauzan",
    area: "18.04.10",
    officeKind: "kua",
    description: "Partner, KUA Batu Brak: sees the commitments KUA is party to and reports on its own items",
  },
  {
    id: "01940000-0000-7000-8000-000000000008",
    role: "mitra",
    code: "DEMO-MPKK",
    name: "Rosmawati",
    area: "18.04.10",
    officeKind: "pkk",
    description: "Partner, TP PKK Kecamatan Batu Brak: sees the commitments PKK is party to and reports on its items",
  },
];

/**
 * Kabupaten Belitung (19.02), Kecamatan Sijuk: the same roles as Lampung Barat, in their own D1
 * database (issue 16). Codes start with BLTG (normaliseCode drops the dash: 8 letters, like
 * DEMO-DINK); ids end in 19xx so they never meet Lampung Barat's. Names are random combinations of
 * common name parts, like the seed's people.
 */
export const BELITUNG_DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    id: "01940000-0000-7000-8000-000000001901",
    role: "dinkes",
    code: "BLTG-DINK",
    name: "Siti Maharani",
    area: "19.02",
    description: "Dinas Kesehatan Kabupaten Belitung: reads every kecamatan, manages users and reference data",
  },
  {
    id: "01940000-0000-7000-8000-000000001902",
    role: "puskesmas",
    code: "BLTG-PKM1",
    name: "Rizal Firmansyah",
    area: "19.02.04",
    description: "ILP coordinator, Puskesmas Sijuk: all of Kecamatan Sijuk, lintas sektor, enrolls users",
  },
  {
    id: "01940000-0000-7000-8000-000000001903",
    role: "pustu",
    code: "BLTG-PSTU",
    name: "Fitri Handayani",
    area: "19.02.04.2002",
    description: "Pustu Batu Itam: registers and serves the people of Desa Batu Itam",
  },
  {
    id: "01940000-0000-7000-8000-000000001904",
    role: "pustu",
    code: "BLTG-PST2",
    name: "Yulia Septiani",
    area: "19.02.04.2003",
    description: "Pustu Terong: registers and serves the people of Desa Terong",
  },
  {
    id: "01940000-0000-7000-8000-000000001905",
    role: "kader",
    code: "BLTG-KADR",
    name: "Maimunah",
    area: "19.02.04.2002",
    dusunIndex: 0,
    description: "Kader posyandu, Dusun I of Desa Batu Itam: sees only that dusun's households",
  },
  {
    id: "01940000-0000-7000-8000-000000001906",
    role: "camat",
    code: "BLTG-CAMT",
    name: "Zulkifli Rahman",
    area: "19.02.04",
    description: "Camat Sijuk: chairs the lintas sektor meeting and follows commitments; no personal health data",
  },
  {
    id: "01940000-0000-7000-8000-000000001907",
    role: "mitra",
    code: "BLTG-MKUA",
    name: "Hasbi Maulana",
    area: "19.02.04",
    officeKind: "kua",
    description: "Partner, KUA Sijuk: sees the commitments KUA is party to and reports on its own items",
  },
  {
    id: "01940000-0000-7000-8000-000000001908",
    role: "mitra",
    code: "BLTG-MPKK",
    name: "Herlina",
    area: "19.02.04",
    officeKind: "pkk",
    description: "Partner, TP PKK Kecamatan Sijuk: sees the commitments PKK is party to and reports on its items",
  },
];

/** The demo accounts of each seeded kabupaten, by kabupaten code. */
export const DEMO_ACCOUNTS_BY_KABUPATEN: Readonly<Record<string, readonly DemoAccount[]>> = {
  "18.04": DEMO_ACCOUNTS,
  "19.02": BELITUNG_DEMO_ACCOUNTS,
};

/** The demo accounts of a kabupaten's database; none for a kabupaten without a demo seed. */
export function demoAccountsOf(kabupaten: string): readonly DemoAccount[] {
  return DEMO_ACCOUNTS_BY_KABUPATEN[kabupaten] ?? [];
}

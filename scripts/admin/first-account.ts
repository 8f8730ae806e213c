/**
 * The first account of a fresh deployment: a dinkes user for one kabupaten (in its database), or
 * a dinkes provinsi user for one provinsi (in the central database), and its one-time
 * enrollment code, as SQL statements with bound parameters. `npm run create-admin`
 * (scripts/create-admin.ts) runs them through `wrangler d1 execute`; test/worker/first-account.test.ts
 * runs them on the test D1 and enrolls with the code.
 *
 * The code is made and stored exactly as the Worker's admin API does (worker/services/enroll.ts):
 * `randomCode`, `hashCode` under the same key, `ENROLLMENT_CODE_TTL_MS`, from domain/util/codes.ts.
 * Every later user and code is made in the app by this administrator.
 */
import { CENTRAL, shardKeyOf, shardOfArea, shardsOfProvinsi } from "../../domain/shards/registry.ts";
import { areaLevel } from "../../domain/area/codes.ts";
import { ENROLLMENT_CODE_TTL_MS, hashCode, randomCode } from "../../domain/util/codes.ts";
import { uuidv7 } from "../../domain/util/uuid.ts";

/** As the admin API's `shortText(120)` for a user's name. */
export const MAX_NAME_LENGTH = 120;
/** Who the audit row names as the actor: no user exists yet. */
export const FIRST_ACCOUNT_ACTION = "admin.create_first_user";

export interface FirstAccountInput {
  name: string;
  /**
   * Kemendagri code of the kabupaten the dinkes user administers (e.g. 18.04), or of the provinsi
   * (e.g. 18) whose aggregates a dinkes provinsi user reads: that user lives in the central database.
   */
  kabupaten: string;
  /** The Worker's ENROLLMENT_CODE_KEY (domain/util/codes.ts enrollmentCodeKey). */
  codeKey: string;
  now: number;
}

export interface SqlStatement {
  sql: string;
  params: (string | number | null)[];
}

export interface FirstAccount {
  userId: string;
  /** Shown once; only its keyed hash is stored. */
  code: string;
  expiresAt: string;
  statements: SqlStatement[];
  /**
   * For the central database: the enrollment directory row that tells POST /api/enroll which
   * kabupaten database holds the code (docs/SCALE.md, "Routing"). Written before `statements`.
   */
  directory: SqlStatement;
}

/** Why the input cannot make an account, or null. */
export function firstAccountProblem(input: Pick<FirstAccountInput, "name" | "kabupaten">): string | null {
  const name = input.name.trim();
  if (!name) return "--name is required (the administrator's name, as colleagues know it)";
  if (name.length > MAX_NAME_LENGTH) return `--name is longer than ${MAX_NAME_LENGTH} characters`;
  if (/^\d{2}$/.test(input.kabupaten)) {
    return shardsOfProvinsi(input.kabupaten).length ? null : `provinsi ${input.kabupaten} has no kabupaten served yet (domain/shards/list.ts)`;
  }
  if (!/^\d{2}\.\d{2}$/.test(input.kabupaten) || areaLevel(input.kabupaten) !== "kabupaten") {
    return `--kabupaten must be a Kemendagri kabupaten code such as 18.04 (or --provinsi 18), not "${input.kabupaten}"`;
  }
  if (!shardOfArea(input.kabupaten)) return `kabupaten ${input.kabupaten} has no database yet: npm run shard:add -- ${input.kabupaten}`;
  return null;
}

/** A provinsi's account: a dinkes provinsi in the central database; a kabupaten's: a dinkes in its own. */
export function accountKind(area: string): { role: "dinkes" | "dinkes_provinsi"; level: "kabupaten" | "provinsi"; shard: string } {
  return /^\d{2}$/.test(area) ? { role: "dinkes_provinsi", level: "provinsi", shard: CENTRAL.key } : { role: "dinkes", level: "kabupaten", shard: shardKeyOf(area) };
}

/**
 * The statements that create the user, store its code's keyed hash, and audit it (ids only).
 * Each is conditional: nothing is written unless the kabupaten is a known area, and the code
 * only for the user just written.
 */
export async function firstAccount(input: FirstAccountInput): Promise<FirstAccount> {
  const problem = firstAccountProblem(input);
  if (problem) throw new Error(problem);
  const userId = uuidv7(input.now);
  const code = randomCode();
  const expiresAt = input.now + ENROLLMENT_CODE_TTL_MS;
  const codeHash = await hashCode(code, input.codeKey);
  const kind = accountKind(input.kabupaten);
  const knownKabupaten = `EXISTS (SELECT 1 FROM areas WHERE id = ? AND level = '${kind.level}' AND deleted = 0)`;
  const statements: SqlStatement[] = [
    {
      sql: `INSERT INTO users (id, name, role, area_code, dusun_id, office_id, active, created_at, created_by) SELECT ?, ?, '${kind.role}', ?, NULL, NULL, 1, ?, NULL WHERE ${knownKabupaten}`,
      params: [userId, input.name.trim(), input.kabupaten, input.now, input.kabupaten],
    },
    {
      sql: "INSERT INTO enrollment_codes (code_hash, user_id, expires_at, used_at, demo, wider_role, created_at, created_by) SELECT ?, ?, ?, NULL, 0, 0, ?, NULL WHERE EXISTS (SELECT 1 FROM users WHERE id = ?)",
      params: [codeHash, userId, expiresAt, input.now, userId],
    },
    {
      sql: "INSERT INTO audit_log (at, user_id, device_id, action, entity, entity_id, details) SELECT ?, NULL, NULL, ?, 'user', ?, NULL WHERE EXISTS (SELECT 1 FROM users WHERE id = ?)",
      params: [input.now, FIRST_ACCOUNT_ACTION, userId, userId],
    },
  ];
  const directory = {
    sql: "INSERT INTO enrollment_directory (code_hash, shard, expires_at, created_at) VALUES (?, ?, ?, ?)",
    params: [codeHash, kind.shard, expiresAt, input.now],
  };
  return { userId, code, expiresAt: new Date(expiresAt).toISOString(), statements, directory };
}

/** What the command reads first: whether the kabupaten is loaded, and how many users exist. */
export function stateQuery(kabupaten: string): SqlStatement {
  const kind = accountKind(kabupaten);
  return {
    sql: `SELECT (SELECT count(*) FROM areas WHERE id = ? AND level = '${kind.level}' AND deleted = 0) AS kabupaten, (SELECT count(*) FROM users WHERE area_code = ? OR area_code LIKE ? || '.%') AS users, (SELECT count(*) FROM users WHERE role = '${kind.role}' AND area_code = ? AND active = 1) AS dinkes`,
    params: [kabupaten, kabupaten, kabupaten, kabupaten],
  };
}

import type { Role } from "../../../domain/access/policy.ts";
import type { OutboxReport } from "../../../domain/sync/outbox-report.ts";
import type { Mutation, MutationResult, PullResponse } from "../../../domain/sync/protocol.ts";

/**
 * What the sync engine and the enrollment screen need from the server. The UI never calls fetch:
 * it goes through this interface, which tests replace with a fake.
 */
export interface EnrolledUser {
  id: string;
  name: string;
  role: Role;
  areaCode: string;
  dusunId: string | null;
  officeId: string | null;
}

export interface EnrollResponse {
  token: string;
  deviceId: string;
  user: EnrolledUser;
  /**
   * Wraps the phone's data key a second time (auth/vault.ts) and is then dropped: the server
   * gives it back only to a new enrollment code of the same user, for the same device.
   */
  recoveryKey?: string;
}

export interface MeResponse {
  user: EnrolledUser;
  deviceId?: string | null;
  /** The user's area and those above it, provinsi first (worker/routes/meta.ts). */
  areas?: { code: string; level: string; name: string }[];
}

/**
 * A pull page as the transport hands it over: the server's answer, with the ETag of a last page
 * (to send back as If-None-Match with its cursor), or `notModified` when the server answered a
 * conditional pull 304: nothing new after the cursor the phone holds (docs/SYNC.md, "Conditional pull").
 */
export type PulledPage = PullResponse & {
  etag?: string | null;
  notModified?: boolean;
  /** The answer's JSON length as read (for the first sync's bytes line), when the transport knows it. */
  bytes?: number;
};

export interface Transport {
  enroll(code: string, deviceName?: string): Promise<EnrollResponse>;
  /** A forgotten PIN: a new code of the same user re-issues this device's token and recovery key. */
  recover(code: string, deviceId: string): Promise<EnrollResponse>;
  me(): Promise<MeResponse>;
  /** Always resolves with per-mutation results, also when the server answered every one with a 4xx. */
  push(mutations: Mutation[]): Promise<{ results: MutationResult[] }>;
  /**
   * `outbox`: what the outbox holds, reported on the first page of a cycle (devices list).
   * `ifNoneMatch`: the ETag that came with `cursor`; a pull with nothing new then resolves with
   * `notModified` and no changes.
   */
  pull(cursor: string | null, limit: number, outbox?: OutboxReport, ifNoneMatch?: string): Promise<PulledPage>;
  /**
   * Any other JSON route of the API with the device token (the console screens: admin, PWS).
   * Errors come back as TransportError with the server's code and details.
   */
  request<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T>;
}

/**
 * A failed call. `status` 0 means the request never got an answer (no signal, timeout): the
 * engine retries those with backoff. Otherwise `code` is the server's error code.
 */
export class TransportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "TransportError";
  }

  get isNetwork(): boolean {
    return this.status === 0;
  }

  /** Worth trying again later without the user doing anything. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

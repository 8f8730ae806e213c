import type { Mutation, MutationResult, PullResponse } from "../../../domain/sync/protocol.ts";

/**
 * What the sync engine and the enrollment screen need from the server. The UI never calls fetch:
 * it goes through this interface, which tests replace with a fake.
 */
export interface EnrolledUser {
  id: string;
  name: string;
  role: "dinkes" | "puskesmas" | "pustu" | "kader" | "camat" | "mitra";
  areaCode: string;
  dusunId: string | null;
  officeId: string | null;
}

export interface EnrollResponse {
  token: string;
  deviceId: string;
  user: EnrolledUser;
}

export interface MeResponse {
  user: EnrolledUser;
  device: { id: string; name: string | null };
}

export interface Transport {
  enroll(code: string, deviceName?: string): Promise<EnrollResponse>;
  me(): Promise<MeResponse>;
  /** Always resolves with per-mutation results, also when the server answered every one with a 4xx. */
  push(mutations: Mutation[]): Promise<{ results: MutationResult[] }>;
  pull(cursor: string | null, limit: number): Promise<PullResponse>;
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

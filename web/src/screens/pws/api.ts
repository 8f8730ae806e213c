import type { PwsMissed, PwsTable, PwsTargets, PwsTrend } from "../../../../domain/pws/types.ts";

/** What the console asks the server (GET /api/pws…, PUT /api/pws/targets); tests give a fake. */
export interface PwsApi {
  table(q: { month: string; area?: string }): Promise<PwsTable>;
  trend(q: { indicator: string; to: string; area?: string }): Promise<PwsTrend>;
  missed(q: { indicator: string; unit: string; month: string }): Promise<PwsMissed>;
  targets(q: { year: number; area?: string }): Promise<PwsTargets>;
  saveTargets(q: { year: number; area?: string }, targets: Record<string, number | null>): Promise<PwsTargets>;
}

function query(q: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== "") p.set(k, String(v));
  return p.toString();
}

/** A JSON call to the API with the device's token; failures are TransportErrors (status 0: no answer). */
export type Requester = <T>(method: "GET" | "PUT", path: string, body?: unknown) => Promise<T>;

/** The PWS routes over a requester: the app's transport (Transport.request, the device token), a fake in tests. */
export class RequestPwsApi implements PwsApi {
  constructor(private readonly request: Requester) {}

  table(q: { month: string; area?: string }): Promise<PwsTable> {
    return this.request("GET", `/api/pws?${query(q)}`);
  }
  trend(q: { indicator: string; to: string; area?: string }): Promise<PwsTrend> {
    return this.request("GET", `/api/pws/trend?${query(q)}`);
  }
  missed(q: { indicator: string; unit: string; month: string }): Promise<PwsMissed> {
    return this.request("GET", `/api/pws/missed?${query(q)}`);
  }
  targets(q: { year: number; area?: string }): Promise<PwsTargets> {
    return this.request("GET", `/api/pws/targets?${query(q)}`);
  }
  saveTargets(q: { year: number; area?: string }, targets: Record<string, number | null>): Promise<PwsTargets> {
    return this.request("PUT", "/api/pws/targets", q.area ? { year: q.year, area: q.area, targets } : { year: q.year, targets });
  }
}

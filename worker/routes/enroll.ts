import type { Hono } from "hono";
import { z } from "zod";
import { define, type AppEnv } from "../http/route.ts";
import { enroll } from "../services/enroll.ts";

const enrollBody = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9 -]{4,32}$/, "an enrollment code is 8 letters and digits, like ABCD-EFGH"),
  deviceName: z.string().max(80).optional(),
});

const enrolledUser = z.object({
  id: z.string(), name: z.string(), role: z.string(), areaCode: z.string(), dusunId: z.string().nullable(), officeId: z.string().nullable(),
});

export function enrollRoutes(app: Hono<AppEnv>) {
  define(
    app,
    {
      method: "post", path: "/api/enroll", tag: "devices", auth: "public", body: enrollBody,
      summary: "Exchange a one-time enrollment code for a device token",
      response: z.object({ token: z.string(), deviceId: z.string(), user: enrolledUser }),
      errors: [401, 409, 410, 429],
    },
    ({ c, db, body, now, env }) => {
      const client = c.req.header("cf-connecting-ip") ?? "local";
      return enroll(db, body, client, env.ENVIRONMENT === "production", now);
    },
  );
}

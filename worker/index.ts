import { Hono } from "hono";
import { ApiError, errorBody } from "./http/errors.ts";
import type { AppEnv } from "./http/route.ts";
import { adminRoutes } from "./routes/admin.ts";
import { enrollRoutes } from "./routes/enroll.ts";
import { metaRoutes } from "./routes/meta.ts";
import { personRoutes } from "./routes/persons.ts";
import { photoRoutes } from "./routes/photos.ts";
import { syncRoutes } from "./routes/sync.ts";

/** The worker: middleware and route mounting only. Static assets (the PWA) never reach it. */
const app = new Hono<AppEnv>();

metaRoutes(app);
enrollRoutes(app);
syncRoutes(app);
adminRoutes(app);
personRoutes(app);
photoRoutes(app);

app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404));

app.onError((err, c) => {
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
    return c.json(errorBody(err.code, err.message, err.details), err.status);
  }
  // Log the failure, never the request: bodies and queries may hold personal data.
  console.error(JSON.stringify({ level: "error", route: c.req.routePath, method: c.req.method, error: (err as Error).name, message: (err as Error).message, stack: (err as Error).stack?.split("\n").slice(0, 6).join(" | ") }));
  return c.json(errorBody("internal", "Internal error"), 500);
});

export default app;

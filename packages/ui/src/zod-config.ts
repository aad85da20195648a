/**
 * Imported first by each SPA's main.tsx, and by every module of this kit that builds a zod
 * schema when it loads: the Content-Security-Policy forbids eval, so zod must not probe for it
 * (it would compile validators with `new Function`, and the probe itself is reported as a
 * violation). A schema built before this ran would still probe, whatever the order of chunks.
 */
import { z } from "zod";

z.config({ jitless: true });

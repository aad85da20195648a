// Imported first by main.tsx. The Content-Security-Policy forbids eval, so tell
// zod not to probe for it (it would compile validators with `new Function`).
import { z } from "zod";

z.config({ jitless: true });

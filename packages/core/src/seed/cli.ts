/** `npm run db:seed`: loads the demo data into an empty database. */
import { createDb } from "@atrium/db";
import { withDatabase } from "@atrium/db/cli";
import { DEMO_LOGINS, DEMO_PASSWORD, isSeeded, seedDemo } from "./demo.ts";

await withDatabase(async (url) => {
  const db = createDb(url);
  try {
    if (await isSeeded(db)) {
      console.log("The database already has organizations; the demo seed only fills an empty database.");
      return;
    }
    const { organizations, users } = await seedDemo(db);
    console.log(`Seeded ${Object.keys(organizations).length} organizations and ${Object.keys(users).length} users.`);
    for (const login of DEMO_LOGINS) console.log(`  ${login.email.padEnd(24)} ${DEMO_PASSWORD}   ${login.role}`);
  } finally {
    await db.$disconnect();
  }
});

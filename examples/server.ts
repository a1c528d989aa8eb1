/**
 * `npm start`: the demo clinic app on http://localhost:3000 with the embedded memory store;
 * with REDIS_URL set, twostep's counters and the sessions live in Redis; with DATABASE_URL
 * set, enrolments and the practices' settings live in PostgreSQL (tables created at start-up
 * if missing; each practice's first settings are written once, when it has none).
 */
import { createDemoApp } from './app.js';
import { demoUsers } from './users.js';

const port = Number(process.env.PORT ?? 3000);
if (!process.env.TWOSTEP_SECRET) console.warn('twostep demo: TWOSTEP_SECRET is not set; using a demo secret.');
// Passkeys are bound to the origin people open: localhost, not 127.0.0.1 (browsers refuse an IP for them).
const origin = process.env.ORIGIN ?? `http://localhost:${port}`;

const { app, storeName, enrolmentsName, ready } = createDemoApp({
  secret: process.env.TWOSTEP_SECRET,
  origin,
  redisUrl: process.env.REDIS_URL,
  databaseUrl: process.env.DATABASE_URL,
});

try {
  await ready;
} catch (error) {
  console.error(`twostep demo: the stores are not ready: ${(error as Error).message}`);
  process.exit(1);
}

app.listen(port, () => {
  console.log(`twostep demo on ${origin} (counters and sessions: ${storeName}; enrolments: ${enrolmentsName}; passkeys work at that origin only)`);
  console.log(`Codes sent by email or text message appear at http://localhost:${port}/outbox`);
  for (const user of demoUsers) console.log(`  ${user.username} / ${user.password}  (${user.roles.join(' + ')}, ${user.organisation})`);
});

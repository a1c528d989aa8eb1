/**
 * `npm start`: the demo clinic app on http://localhost:3000 with the embedded memory store;
 * with REDIS_URL set, twostep and the sessions live in Redis.
 */
import { createDemoApp } from './app.js';
import { demoUsers } from './users.js';

const port = Number(process.env.PORT ?? 3000);
if (!process.env.TWOSTEP_SECRET) console.warn('twostep demo: TWOSTEP_SECRET is not set; using a demo secret.');

const origin = process.env.ORIGIN ?? `http://localhost:${port}`;
const { app, storeName } = createDemoApp({ secret: process.env.TWOSTEP_SECRET, redisUrl: process.env.REDIS_URL, origin });

app.listen(port, () => {
  console.log(`twostep demo on ${origin} (store: ${storeName}; passkeys work at that origin only)`);
  console.log(`Codes sent by email or text message appear at http://localhost:${port}/outbox`);
  for (const user of demoUsers) console.log(`  ${user.username} / ${user.password}  (${user.roles.join(' + ')}, ${user.organisation})`);
});

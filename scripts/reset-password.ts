// `npm run reset-password -- <username>`: print a new one-time password for an account of the
// store DATA_DIR / REDIS_URL point at (the same settings as the server's), on the machine the
// store is on. The way back in when the only admin has lost the password (docs/operations.md).
import { parseArgs } from 'node:util';
import { AuditLog } from '../server/audit';
import { resetPasswordFromConsole } from '../server/auth/reset-password';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/log';
import { createStore } from '../server/store/create-store';

async function main(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true });
  if (positionals.length !== 1) {
    console.error('Usage: npm run reset-password -- <username>');
    return 2;
  }
  const config = loadConfig(process.env, []);
  const log = createLogger('warn', 'reset-password');
  const store = await createStore(config);
  try {
    const done = await resetPasswordFromConsole(store, positionals[0], new AuditLog(store.audit, config, log));
    if (!done) {
      console.error(`No account named ${positionals[0]} in ${config.redisUrl ? 'Redis' : config.dataDir}.`);
      return 1;
    }
    console.log(
      [
        `One-time password for ${positionals[0].toLowerCase()}: ${done.password}`,
        `It must be changed at the next sign-in. Sessions ended: ${done.sessionsEnded}.`,
      ].join('\n'),
    );
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);

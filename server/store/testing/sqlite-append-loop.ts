import { randomUUID } from 'node:crypto';
import { createSqliteStore } from '../sqlite';

/**
 * Child process for the kill -9 test (SPEC DUR1): appends one event per command as fast as it
 * can and prints "seq commandId" only after each append was acknowledged. The test SIGKILLs
 * it mid-burst and checks that everything printed is in the database.
 * Usage: node --import tsx server/store/testing/sqlite-append-loop.ts <dir> <incidentId>
 */
async function main(): Promise<void> {
  const [dir, incidentId] = process.argv.slice(2);
  if (!dir || !incidentId) throw new Error('usage: sqlite-append-loop.ts <dir> <incidentId>');
  const store = createSqliteStore({ dir });
  let head = await store.events.head(incidentId);
  for (;;) {
    const commandId = randomUUID();
    const result = await store.events.append(incidentId, head, commandId, [
      {
        type: 'MessagePosted',
        incidentId,
        commandId,
        id: randomUUID(),
        actor: { userId: 'loop', name: 'loop', agency: null, role: 'admin' },
        payload: { messageId: randomUUID(), text: `message after ${head}`, toAgency: null, alert: false },
      },
    ]);
    if (result.status !== 'appended') throw new Error(`unexpected ${result.status}`);
    head = result.events[0].seq;
    // Pipes are written synchronously on Linux: once this returns, the parent can read the line.
    process.stdout.write(`${head} ${commandId}\n`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

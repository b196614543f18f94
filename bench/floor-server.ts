import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';

/**
 * The floor: a bare Socket.IO server with @socket.io/redis-adapter and nothing
 * else — no auth, no validation, no store, no state. A writer's message is
 * broadcast to a room with io.to(room).emit(), which reaches the sockets of this
 * process directly and those of the other processes through Redis pub/sub.
 * Started by bench/floor.ts as child processes (PORT, REDIS_URL in the env).
 */

async function main(): Promise<void> {
  const port = Number(process.env.PORT);
  const url = process.env.REDIS_URL;
  if (!port || !url) throw new Error('PORT and REDIS_URL are required');

  const pubClient = createClient({ url });
  const subClient = pubClient.duplicate();
  pubClient.on('error', (err: Error) => console.error('redis pub error', err.message));
  subClient.on('error', (err: Error) => console.error('redis sub error', err.message));
  await Promise.all([pubClient.connect(), subClient.connect()]);

  // /healthz for nginx's readiness probe (server/testing/nginx.ts); /stats for the memory figures.
  const httpServer = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    } else if (req.url === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ clients: io.engine.clientsCount, memory: process.memoryUsage() }));
    } else {
      res.writeHead(404).end();
    }
  });
  const io = new Server(httpServer, { adapter: createAdapter(pubClient, subClient), serveClient: false });

  io.on('connection', (socket) => {
    socket.on('floor:join', (room: string, ack: (r: { ok: boolean }) => void) => {
      void socket.join(room);
      ack({ ok: true });
    });
    socket.on('floor:broadcast', (req: { room: string; event: string; msg: unknown }, ack?: (r: { ok: boolean }) => void) => {
      io.to(req.room).emit(req.event, req.msg);
      ack?.({ ok: true });
    });
  });

  await new Promise<void>((resolve) => httpServer.listen(port, '127.0.0.1', resolve));
  console.log(`floor listening on ${port}`);

  const stop = async () => {
    io.close();
    await Promise.allSettled([pubClient.close(), subClient.close()]);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { spawn } from 'node:child_process';
import path from 'node:path';
import { ConnectionTimeoutError, ErrorReply, SocketClosedUnexpectedlyError, TimeoutError } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTransientStoreError } from './process-guard';
import { StoreUnavailableError } from './store/types';
import { startRedisServer, type RedisServerHandle } from './testing/redis-server';

const ROOT = path.resolve(__dirname, '..');

function runChild(url: string, mode: 'guarded' | 'bare'): Promise<{ code: number | null; out: string; err: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/testing/unguarded-publish.ts'), url, mode], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code, out, err, ms: Date.now() - t0 }));
  });
}

describe('isTransientStoreError', () => {
  it('OPS2: node-redis timeouts and disconnects, socket errors, "not now" replies and StoreUnavailableError are transient', () => {
    expect(isTransientStoreError(new TimeoutError())).toBe(true);
    expect(isTransientStoreError(new ConnectionTimeoutError())).toBe(true);
    expect(isTransientStoreError(new SocketClosedUnexpectedlyError())).toBe(true);
    expect(isTransientStoreError(new StoreUnavailableError('down'))).toBe(true);
    expect(isTransientStoreError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientStoreError(new ErrorReply('LOADING Redis is loading the dataset in memory'))).toBe(true);
    expect(isTransientStoreError(new Error('wrapped', { cause: new TimeoutError() }))).toBe(true);
    // A copy of the class from another node-redis install is recognised by name.
    expect(isTransientStoreError(Object.assign(new Error('Timeout'), { name: 'TimeoutError' }))).toBe(true);
  });

  it('OPS2: bugs are not transient: a wrong Redis command, a TypeError, a plain Error, a non-error', () => {
    expect(isTransientStoreError(new ErrorReply('ERR unknown command'))).toBe(false);
    expect(isTransientStoreError(new ErrorReply("WRONGTYPE Operation against a key holding the wrong kind of value"))).toBe(false);
    expect(isTransientStoreError(new TypeError('x is undefined'))).toBe(false);
    expect(isTransientStoreError(new Error('boom'))).toBe(false);
    expect(isTransientStoreError('TimeoutError')).toBe(false);
    expect(isTransientStoreError(undefined)).toBe(false);
  });
});

describe('process guard with a real redis-server', () => {
  let redis: RedisServerHandle;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('OPS2: a publish nobody catches times out on a starved event loop: without the guard the process dies, with it the process lives and counts it', async () => {
    const [bare, guarded] = await Promise.all([runChild(redis.url, 'bare'), runChild(redis.url, 'guarded')]);
    console.log(`OPS2: unguarded child exited with code ${bare.code} after ${bare.ms} ms`);
    expect(bare.code, bare.err).not.toBe(0);
    expect(bare.out).not.toContain('alive');
    expect(bare.err).toContain('TimeoutError');

    console.log(`OPS2: guarded child exited with code ${guarded.code} after ${guarded.ms} ms`);
    expect(guarded.code, guarded.err).toBe(0);
    expect(JSON.parse(guarded.out.trim().split('\n').pop() ?? '{}')).toEqual({ alive: true, transientRejections: 1 });
    expect(guarded.out + guarded.err).toContain('transient store error nobody handled');
  });
});

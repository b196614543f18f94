import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../lib/protocol/http';
import type { Route } from './router';

/**
 * `ROUTES` (lib/protocol/http.ts) is the one list of the HTTP routes: it must name exactly the
 * routes the server answers (the API router's table and the few paths server/main.ts answers
 * outside it), and docs/protocol.md's route reference must list exactly its entries.
 *
 * What the server registers is read from server/main.ts itself: the route arrays it hands to
 * `createApiHandler` (each imported from the module main.ts imports it from), and the paths its
 * request handler answers before Next.js (`path === …`). main.ts starts the server when imported,
 * so its source is read, not run.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const serverDir = path.join(root, 'server');
const mainSource = readFileSync(path.join(serverDir, 'main.ts'), 'utf8');
const protocolDoc = readFileSync(path.join(root, 'docs/protocol.md'), 'utf8');

interface Entry {
  method: string;
  /** As written, without the query. */
  path: string;
  /** Query parameter names, sorted (`?at=[&base=]` → at, base). */
  query: string[];
}

/** `'GET /api/incidents/:id/events?from=&limit='` → its parts. */
function parseRoute(spec: string): Entry {
  const m = /^([A-Z]+) (\/\S*)$/.exec(spec.trim());
  if (!m) throw new Error(`not "METHOD /path": ${spec}`);
  const [p, q = ''] = m[2].split('?');
  const query = [...q.matchAll(/([A-Za-z_][\w]*)=/g)].map((x) => x[1]).sort();
  return { method: m[1], path: p, query };
}

/** Method and path with every `:param` the same (the names may differ), no query. */
const key = (method: string, p: string) => `${method} ${p.replace(/:[A-Za-z_]\w*/g, ':')}`;

const table = Object.entries(ROUTES).map(([name, spec]) => ({ name, spec, ...parseRoute(spec) }));

/** The names of the route arrays main.ts passes to createApiHandler, and the modules they come from. */
function registeredArrays(): { name: string; module: string }[] {
  const call = /createApiHandler\(\s*\[([^\]]*)\]/.exec(mainSource);
  if (!call) throw new Error('server/main.ts: no createApiHandler([...]) call found');
  const names = [...call[1].matchAll(/\.\.\.\s*([A-Za-z_$][\w$]*)/g)].map((m) => m[1]);
  const leftover = call[1].replace(/\.\.\.\s*[A-Za-z_$][\w$]*/g, '').replace(/[\s,]/g, '');
  if (leftover) throw new Error(`server/main.ts: createApiHandler's list holds more than spread arrays: ${leftover}`);
  return names.map((name) => ({ name, module: importedFrom(name) }));
}

/** The module main.ts imports a name from, as an absolute path. */
function importedFrom(name: string): string {
  for (const m of mainSource.matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
    const names = m[1].split(',').map((s) => s.trim().replace(/^type\s+/, ''));
    if (names.includes(name)) return path.resolve(serverDir, m[2]);
  }
  throw new Error(`server/main.ts: where does ${name} come from?`);
}

/** The paths main.ts answers outside the API router (`if (path === '/healthz')`, `path === SERVICE_WORKER_PATH`). */
async function outsideRouterPaths(): Promise<string[]> {
  const found: string[] = [];
  for (const m of mainSource.matchAll(/\bpath === (?:'([^']+)'|([A-Za-z_$][\w$]*))/g)) {
    if (m[1]) found.push(m[1]);
    else {
      const mod = (await import(importedFrom(m[2]))) as Record<string, unknown>;
      const value = mod[m[2]];
      if (typeof value !== 'string') throw new Error(`server/main.ts: ${m[2]} is not a path`);
      found.push(value);
    }
  }
  return [...new Set(found)];
}

/** The first column of docs/protocol.md's "Route reference" table: `` | `GET /api/me` | … ``. */
function documentedRoutes(): Entry[] {
  const start = protocolDoc.indexOf('### Route reference');
  if (start < 0) throw new Error('docs/protocol.md: no "### Route reference" section');
  const rest = protocolDoc.slice(start).split('\n').slice(1);
  const rows: Entry[] = [];
  let inTable = false;
  for (const line of rest) {
    if (line.startsWith('|')) inTable = true;
    else if (inTable) break;
    else if (line.startsWith('#')) break;
    else continue;
    const first = /^\|\s*`([A-Z]+ \/[^`]*)`\s*\|/.exec(line);
    if (first) rows.push(parseRoute(first[1]));
  }
  return rows;
}

describe('ROUTES (lib/protocol/http.ts) against the server and docs/protocol.md', () => {
  const apiRoutes: { method: string; path: string; from: string }[] = [];
  let outside: string[] = [];

  beforeAll(async () => {
    const arrays = registeredArrays();
    expect(arrays.length).toBeGreaterThan(0);
    for (const { name, module } of arrays) {
      const mod = (await import(module)) as Record<string, unknown>;
      const routes = mod[name] as readonly Route[] | undefined;
      if (!Array.isArray(routes)) throw new Error(`${module}: ${name} is not a route array`);
      for (const r of routes) apiRoutes.push({ method: r.method, path: r.path, from: name });
    }
    outside = await outsideRouterPaths();
  });

  it('every entry is "METHOD /path", with unique method and path', () => {
    const keys = table.map((e) => key(e.method, e.path));
    expect(table.length).toBeGreaterThan(0);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('names every route the API router registers (server/main.ts → createApiHandler), and no other /api route', () => {
    expect(apiRoutes.length).toBeGreaterThan(0);
    const inTable = new Set(table.map((e) => key(e.method, e.path)));
    const registered = new Set(apiRoutes.map((r) => key(r.method, r.path)));
    const missingFromTable = apiRoutes.filter((r) => !inTable.has(key(r.method, r.path))).map((r) => `${r.method} ${r.path} (${r.from})`);
    const notRegistered = table.filter((e) => e.path.startsWith('/api/') && !registered.has(key(e.method, e.path))).map((e) => `${e.name}: ${e.spec}`);
    expect({ 'registered by the router but not in ROUTES': missingFromTable, 'in ROUTES but not registered by the router': notRegistered }).toEqual({
      'registered by the router but not in ROUTES': [],
      'in ROUTES but not registered by the router': [],
    });
  });

  it('names every path server/main.ts answers outside the API router (/healthz, /readyz, /metrics, /sw.js), as GET, and no other', () => {
    expect(outside.length).toBeGreaterThan(0);
    const tableOutside = table.filter((e) => !e.path.startsWith('/api/'));
    expect(tableOutside.filter((e) => e.method !== 'GET').map((e) => e.spec)).toEqual([]);
    expect([...tableOutside.map((e) => e.path)].sort(), 'ROUTES outside /api vs what server/main.ts answers').toEqual([...outside].sort());
  });

  it('is the route reference of docs/protocol.md: each entry listed (method and path), and each listed route an entry', () => {
    const documented = documentedRoutes();
    expect(documented.length).toBeGreaterThan(0);
    const inDoc = new Set(documented.map((d) => key(d.method, d.path)));
    const inTable = new Set(table.map((e) => key(e.method, e.path)));
    const notInDoc = table.filter((e) => !inDoc.has(key(e.method, e.path))).map((e) => `${e.name}: ${e.spec}`);
    const notInTable = documented.filter((d) => !inTable.has(key(d.method, d.path))).map((d) => `${d.method} ${d.path}`);
    expect({ 'in ROUTES but not in the doc': notInDoc, 'in the doc but not in ROUTES': notInTable }).toEqual({
      'in ROUTES but not in the doc': [],
      'in the doc but not in ROUTES': [],
    });
  });

  it('writes the same query parameters in the path as the doc does', () => {
    const documented = new Map(documentedRoutes().map((d) => [key(d.method, d.path), d.query]));
    const differ = table
      .filter((e) => documented.has(key(e.method, e.path)))
      .filter((e) => documented.get(key(e.method, e.path))!.join('&') !== e.query.join('&'))
      .map((e) => `${e.name}: ${e.spec} — the doc: ?${documented.get(key(e.method, e.path))!.join('&')}`);
    expect(differ).toEqual([]);
  });
});

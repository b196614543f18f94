import type Database from 'better-sqlite3';
import type { PlanStore, StoredPlan, SqliteRun as Run } from './types';

/**
 * The SQLite emergency plans (SPEC PLAN2): table `plans` of server/store/sqlite.ts SCHEMA, one
 * row per scenario with its version beside the plan's JSON. A save is one IMMEDIATE transaction
 * that reads the version and writes only if it is the one expected, so two saves from the same
 * version (two processes on one file, or two requests) cannot both land.
 */
export function createSqlitePlanStore(db: Database.Database, run: Run): PlanStore {
  const q = {
    list: db.prepare<[], string>('SELECT json FROM plans ORDER BY scenario').pluck(),
    version: db.prepare<[string], number>('SELECT version FROM plans WHERE scenario = ?').pluck(),
    put: db.prepare('INSERT OR REPLACE INTO plans (scenario, version, json) VALUES (?, ?, ?)'),
  };

  const saveTx = db.transaction((plan: StoredPlan): boolean => {
    if ((q.version.get(plan.scenario) ?? 0) !== plan.version - 1) return false;
    q.put.run(plan.scenario, plan.version, JSON.stringify(plan));
    return true;
  });

  return {
    listPlans: () => run(() => q.list.all().map((json) => JSON.parse(json) as StoredPlan)),
    savePlan: (plan) => run(() => Number.isSafeInteger(plan.version) && plan.version >= 1 && saveTx.immediate(plan)),
  };
}

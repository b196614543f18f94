import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENCIES } from './agencies';
import { IncidentCommand } from './incident/commands';
import { decide } from './incident/decide';
import { applyEvents } from './incident/evolve';
import { opened, sequence, taskCreated } from './incident/fixtures';
import type { IncidentEvent } from './incident/events';
import type { IncidentState } from './incident/state';
import { SCENARIOS } from './incident/vocabulary';
import { LIMITS } from './limits';
import { builtInPlan, DEFAULT_PLANS, inBothLanguages, planCommands, planSteps, sameTitle, taskTitleOf, TITLE_LANGS_BETWEEN } from './plans';
import { isCleanText } from './text';

const CODES = new Set(DEFAULT_AGENCIES.map((a) => a.code));
const CJK = /[\u4e00-\u9fff]/;

// SPEC PLAN1: the default emergency plans, and what activating one writes.
describe('emergency plans (SPEC PLAN1)', () => {
  it('PLAN1: every scenario but "other" has a plan; each action names a directory agency, has a unique key and titles a live CreateTask accepts, Chinese and English', () => {
    expect(SCENARIOS.filter((s) => builtInPlan(s).actions.length > 0)).toEqual(['epidemic', 'hazmat', 'fire', 'mass_casualty']);
    expect(builtInPlan('other')).toMatchObject({ scenario: 'other', actions: [] });
    for (const plan of Object.values(DEFAULT_PLANS)) {
      expect(CJK.test(plan!.name.zh) && !CJK.test(plan!.name.en)).toBe(true);
      expect(new Set(plan!.actions.map((a) => a.key)).size).toBe(plan!.actions.length);
      for (const a of plan!.actions) {
        expect(CODES.has(a.agency), `${plan!.scenario}/${a.key}`).toBe(true);
        for (const title of [a.title.zh, a.title.en]) {
          expect(title.trim()).toBe(title);
          expect(title.length).toBeGreaterThan(0);
          expect(title.length).toBeLessThanOrEqual(LIMITS.title);
          expect(isCleanText(title)).toBe(true);
        }
        expect(CJK.test(a.title.zh), a.title.zh).toBe(true);
        expect(CJK.test(a.title.en), a.title.en).toBe(false);
        expect(a.dueMinutes === null || (Number.isInteger(a.dueMinutes) && a.dueMinutes > 0)).toBe(true);
      }
    }
  });

  const hazmat = builtInPlan('hazmat');
  // An incident of three of the plan's seven agencies, with one of its tasks written by hand in English.
  const events = sequence([opened(['fire', 'customs', 'port']), taskCreated('t-1', 'fire', 'Gas detection around the leak')]);
  const state = applyEvents(null, events)!;

  it('PLAN1: the steps are the actions of the agencies taking part, by agency in the plan\'s order; the others are named as absent; an action already on the board (either language) is marked', () => {
    const { groups, absent } = planSteps(hazmat, state);
    expect(groups.map((g) => g.agency)).toEqual(['port', 'fire', 'customs']);
    expect(absent).toEqual(['medical', 'maritime', 'border', 'police']);
    expect(groups.flatMap((g) => g.steps).length).toBe(hazmat.actions.filter((a) => ['port', 'fire', 'customs'].includes(a.agency)).length);
    const marked = groups.flatMap((g) => g.steps).filter((s) => s.onBoard);
    expect(marked.map((s) => s.action.key)).toEqual(['fire-detect']);
    // The same title for another agency is not this action.
    const other = applyEvents(null, sequence([opened(['fire', 'customs', 'port']), taskCreated('t-1', 'port', 'Gas detection around the leak')]))!;
    expect(planSteps(hazmat, other).groups.flatMap((g) => g.steps).some((s) => s.onBoard)).toBe(false);
    // A task waiting in the outbox (an activation made offline) counts too; a message does not.
    const pending = [
      { type: 'CreateTask' as const, taskId: 'x', agency: 'port', title: 'Evacuate all workers from the affected block' },
      { type: 'PostMessage' as const, messageId: 'y', text: 'Stop crane and truck work in the affected block', toAgency: null, alert: false },
    ];
    expect(planSteps(hazmat, state, pending).groups[0].steps.map((st) => st.onBoard)).toEqual([false, true, false]);
    // In Chinese too.
    const zh = applyEvents(null, sequence([opened(['fire', 'customs', 'port']), taskCreated('t-1', 'fire', '泄漏区域气体检测')]))!;
    expect(planSteps(hazmat, zh).groups[1].steps[0]).toMatchObject({ onBoard: true });
  });

  it('PLAN1: a task from a plan is titled in both languages, the person\'s first; once when they are the same; in the person\'s language alone past the title limit', () => {
    expect(taskTitleOf({ zh: ' 冷却 7 号罐 ', en: 'Cool tank 7' }, 'zh')).toBe('冷却 7 号罐 / Cool tank 7');
    expect(taskTitleOf({ zh: ' 冷却 7 号罐 ', en: 'Cool tank 7' }, 'en')).toBe('Cool tank 7 / 冷却 7 号罐');
    expect(taskTitleOf({ zh: 'CIQ check', en: 'CIQ check' }, 'zh')).toBe('CIQ check');
    const zh = '甲'.repeat(LIMITS.title - 10);
    const en = 'b'.repeat(LIMITS.title - 10);
    expect(taskTitleOf({ zh, en }, 'en')).toBe(en);
    expect(taskTitleOf({ zh, en }, 'zh')).toBe(zh);
    // Exactly at the limit: both.
    const at = { zh: '甲'.repeat(100), en: 'b'.repeat(LIMITS.title - 100 - TITLE_LANGS_BETWEEN.length) };
    expect(taskTitleOf(at, 'en')).toHaveLength(LIMITS.title);
  });

  it('PLAN1: a task written by hand is the action whatever its case, spaces and character widths', () => {
    const fire = hazmat.actions.find((a) => a.agency === 'fire')!;
    const written = [
      fire.title.en.toUpperCase(),
      `  ${fire.title.en.replace(/ /g, '   ')} `,
      fire.title.zh.split('').join(' '),
      taskTitleOf(fire.title, 'zh').replace(' / ', '/'),
    ];
    for (const title of written) {
      const s = applyEvents(null, sequence([opened(['fire', 'customs', 'port']), taskCreated('t-1', 'fire', title)]))!;
      expect(planSteps(hazmat, s).groups.find((g) => g.agency === 'fire')!.steps[0], title).toMatchObject({ onBoard: true });
    }
    // Another wording is another task.
    const s = applyEvents(null, sequence([opened(['fire', 'customs', 'port']), taskCreated('t-1', 'fire', `${fire.title.en} again`)]))!;
    expect(planSteps(hazmat, s).groups.find((g) => g.agency === 'fire')!.steps[0]).toMatchObject({ onBoard: false });
    expect(sameTitle('冷却 7 号罐')).toBe(sameTitle('冷却7号罐'));
    expect(sameTitle('冷却７号罐')).toBe(sameTitle('冷却 7 号罐'));
    expect(sameTitle('Ｃｏｏｌ tank 7')).toBe(sameTitle('cool TANK 7'));
    expect(sameTitle('Cool tank 7')).not.toBe(sameTitle('Cooltank7'));
  });

  it('PLAN1: an action is on the board when its agency has a task of either title or of both, in either order', () => {
    const title = hazmat.actions.find((a) => a.agency === 'fire')!.title;
    for (const lang of ['en', 'zh'] as const) {
      const both = applyEvents(null, sequence([opened(['fire', 'customs', 'port']), taskCreated('t-1', 'fire', taskTitleOf(title, lang))]))!;
      expect(planSteps(hazmat, both).groups.find((g) => g.agency === 'fire')!.steps[0], lang).toMatchObject({ onBoard: true });
    }
  });

  it('PLAN1: activation is one message to all, then one CreateTask per chosen action titled in both languages (the person\'s first), due from now; the live schema and decide accept each, and the board ends with those tasks', () => {
    const now = Date.UTC(2026, 11, 6, 9, 0);
    let n = 0;
    const ids = new Map<string | null, string>();
    const idOf = (key: string | null) => ids.get(key) ?? (ids.set(key, `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`), ids.get(key)!);
    const chosen = planSteps(hazmat, state).groups.flatMap((g) => g.steps.filter((s) => !s.onBoard).map((s) => s.action));
    const cmds = planCommands(chosen, { now, lang: 'zh', announce: '启动应急预案：危险品泄漏应急预案（11项任务）', idOf });
    expect(cmds[0]).toMatchObject({ type: 'PostMessage', toAgency: null, text: '启动应急预案：危险品泄漏应急预案（11项任务）' });
    expect(cmds.length).toBe(1 + chosen.length);
    const stop = cmds.find((c) => c.type === 'CreateTask' && c.agency === 'port');
    expect(stop).toMatchObject({ title: '停止事发箱区场桥及集卡作业 / Stop crane and truck work in the affected block', priority: 'urgent', dueAt: now + 5 * 60_000 });
    // Each step is named by idOf(its key) (the message by idOf(null)): the dialog's retry gives the same ids, so a task written after all is refused, never made twice.
    expect(planCommands(chosen, { now, lang: 'en', announce: 'again', idOf })).toMatchObject(cmds.map((c) => (c.type === 'CreateTask' ? { taskId: c.taskId } : { messageId: (c as { messageId: string }).messageId })));
    expect(cmds.find((c) => c.type === 'CreateTask' && c.title.startsWith('视情设置水幕或泡沫覆盖 / '))).toMatchObject({ dueAt: null });
    // From an English page: the same tasks, English first (a mixed team reads either).
    expect(planCommands(chosen, { now, lang: 'en', announce: 'x', idOf })[1]).toMatchObject({ title: 'Stop crane and truck work in the affected block / 停止事发箱区场桥及集卡作业' });

    let s: IncidentState = state;
    let seq = events.length;
    for (const input of cmds) {
      const cmd = IncidentCommand.parse(input);
      const d = decide(s, cmd, { knownAgencies: CODES });
      if (!d.ok) throw new Error(d.error.message);
      const written = d.events.map((b) => ({ ...b, incidentId: s.id, id: `e-${++seq}`, seq, ts: now, actor: events[0].actor, commandId: `c-${seq}` }) as IncidentEvent);
      s = applyEvents(s, written)!;
    }
    expect(Object.keys(s.tasks).length).toBe(1 + chosen.length);
    expect(s.messages.at(-1)?.text).toBe('启动应急预案：危险品泄漏应急预案（11项任务）');
    // Activated again on that board: every action is on it now.
    expect(planSteps(hazmat, s).groups.flatMap((g) => g.steps).every((st) => st.onBoard)).toBe(true);
  });
});

describe('words written for teams that read either language (SPEC PLAN1)', () => {
  it("PLAN1: the activation's message in both languages, the person's first; one language where both would pass the limit", () => {
    const words = { zh: '已启动危险品泄漏应急预案（共 11 项任务）', en: 'Emergency plan activated: Dangerous-goods leak plan (11 tasks)' };
    expect(inBothLanguages(words, 'en', LIMITS.message)).toBe('Emergency plan activated: Dangerous-goods leak plan (11 tasks) / 已启动危险品泄漏应急预案（共 11 项任务）');
    expect(inBothLanguages(words, 'zh', LIMITS.message)).toBe('已启动危险品泄漏应急预案（共 11 项任务） / Emergency plan activated: Dangerous-goods leak plan (11 tasks)');
    expect(inBothLanguages(words, 'zh', 30)).toBe(words.zh);
  });
});

import { bilingual as T, type Bilingual, type BilingualLang } from './bilingual';
import type { IncidentCommandInput } from './incident/commands';
import { LIMITS } from './limits';
import type { IncidentState } from './incident/state';
import type { Priority, Scenario } from './incident/vocabulary';
import { fold } from './text';

/**
 * Emergency plans (应急预案, SPEC PLAN1): on the alarm each agency "activates the plan", a
 * pre-agreed list of actions per agency. A plan here is that list for one scenario; activating it
 * on an incident creates its actions as tasks, each for its agency, due a set time from the moment
 * of activation, and posts one message to all saying so. It is data, in both languages like the
 * agency directory (DEFAULT_AGENCIES): a task's title carries both, the activating person's
 * language first (taskTitleOf).
 *
 * The defaults follow the reference scenarios of the brief (what each agency typically does, with
 * plausible drill times); `mass_casualty` is written in the same spirit; none for `other`. These
 * are what an installation starts with: the board activates the installation's own, which an
 * admin edits, `other`'s included (SPEC PLAN2, `GET /api/plans`).
 */

export interface PlanAction {
  /** Unique within its plan (a checkbox's key, a test's handle). */
  key: string;
  /** The agency that does it (a directory code). */
  agency: string;
  title: Bilingual;
  priority: Priority;
  /** Due this many minutes after activation; null: no due time. */
  dueMinutes: number | null;
}

export interface EmergencyPlan {
  scenario: Scenario;
  name: Bilingual;
  actions: readonly PlanAction[];
}

const act = (key: string, agency: string, title: Bilingual, priority: Priority, dueMinutes: number | null): PlanAction => ({ key, agency, title, priority, dueMinutes });

export const DEFAULT_PLANS: Readonly<Partial<Record<Scenario, EmergencyPlan>>> = {
  hazmat: {
    scenario: 'hazmat',
    name: T('危险品泄漏应急预案', 'Dangerous-goods leak plan'),
    actions: [
      act('port-stop', 'port', T('停止事发箱区场桥及集卡作业', 'Stop crane and truck work in the affected block'), 'urgent', 5),
      act('port-evacuate', 'port', T('疏散事发箱区全部作业人员', 'Evacuate all workers from the affected block'), 'urgent', 10),
      act('port-declaration', 'port', T('向指挥部提交危险品申报单及箱位', 'Hand the dangerous-goods declaration and the container position to the command post'), 'high', 10),
      act('fire-detect', 'fire', T('泄漏区域气体检测', 'Gas detection around the leak'), 'urgent', 10),
      act('fire-zones', 'fire', T('划定热区、温区、冷区', 'Set hot, warm and cold zones'), 'urgent', 15),
      act('fire-contain', 'fire', T('对泄漏源实施堵漏或围堵泄漏物', 'Plug the leak or contain what has leaked'), 'urgent', 45),
      act('fire-curtain', 'fire', T('视情设置水幕或泡沫覆盖', 'Water curtain or foam as needed'), 'high', null),
      act('fire-decon', 'fire', T('设立人员洗消通道', 'Decontamination corridor for exposed people'), 'high', 30),
      act('customs-manifest', 'customs', T('核对舱单与申报货物', 'Check the declared goods against the manifest'), 'urgent', 5),
      act('customs-identify', 'customs', T('确认泄漏物质及其危险特性', 'Identify the substance and its hazards'), 'urgent', 20),
      act('customs-hold', 'customs', T('暂停放行关联集装箱', 'Hold related containers from release'), 'high', 20),
      act('customs-sample', 'customs', T('确认安全后采样送检', 'Take samples once it is safe'), 'normal', null),
      act('medical-triage', 'medical', T('对暴露人员检伤分类', 'Triage everyone exposed'), 'urgent', 15),
      act('medical-transport', 'medical', T('转运伤员至医院', 'Transport casualties to hospital'), 'high', null),
      act('maritime-stop', 'maritime', T('暂停相邻泊位船舶靠离泊及移泊', 'Stop vessel movements at the adjacent berth'), 'urgent', 10),
      act('maritime-watch', 'maritime', T('监测泄漏物是否流入水域，必要时布设围油栏', 'Watch for run-off into the water; booms if needed'), 'high', null),
      act('border-control', 'border', T('管控港区限制区域人员出入', 'Control who enters the restricted port area'), 'high', 15),
      act('border-crew', 'border', T('清点相邻泊位船舶船员', 'Account for the crew of the vessel at the adjacent berth'), 'high', 20),
      act('border-list', 'border', T('登记现场区域人员名单', 'Keep a list of the people in the area'), 'normal', null),
      act('police-cordon', 'police', T('外围警戒及码头通道交通管制', 'Outer cordon and traffic on the terminal access road'), 'high', 15),
    ],
  },
  epidemic: {
    scenario: 'epidemic',
    name: T('旅检现场疑似传染病应急预案', 'Suspected infectious disease plan (passenger terminal)'),
    actions: [
      act('customs-screen', 'customs', T('医学排查及流行病学调查', 'Medical screening and epidemiological questions'), 'urgent', 5),
      act('customs-isolate', 'customs', T('将旅客转移至隔离留验室', 'Move the passenger to the quarantine room'), 'urgent', 10),
      act('customs-sample', 'customs', T('采样送检', 'Take samples'), 'high', 30),
      act('customs-contacts', 'customs', T('根据座位图排查密切接触者', 'Identify close contacts from the seat plan'), 'high', 30),
      act('border-hold', 'border', T('同航次旅客在查验通道暂留等候', 'Hold the passengers of the same voyage at the channel'), 'urgent', 10),
      act('border-list', 'border', T('提供旅客名单及联系方式', 'Provide the passenger list and contact details'), 'high', 20),
      act('border-reroute', 'border', T('引导其余旅客改走其他通道', 'Reroute other passengers to other lanes'), 'high', 15),
      act('port-close', 'port', T('封闭受影响的旅检大厅区域', 'Close the affected hall section'), 'urgent', 10),
      act('port-ventilate', 'port', T('加强该区域通风', 'Ventilate the hall section'), 'high', 20),
      act('port-disinfect', 'port', T('转运后终末消毒', 'Disinfect after the transfer'), 'normal', null),
      act('medical-transfer', 'medical', T('负压救护车转运至定点医院', 'Negative-pressure ambulance transfer to the designated hospital'), 'urgent', 30),
      act('police-order', 'police', T('维持大厅秩序', 'Keep order in the hall'), 'high', 10),
      act('police-escort', 'police', T('护送转运车辆', 'Escort the transfer'), 'normal', null),
    ],
  },
  fire: {
    scenario: 'fire',
    name: T('保税仓库火灾应急预案', 'Bonded warehouse fire plan'),
    actions: [
      act('fire-attack', 'fire', T('火灾扑救', 'Fire attack'), 'urgent', 10),
      act('fire-exposure', 'fire', T('保护相邻建筑', 'Protect the neighbouring buildings'), 'urgent', 20),
      act('fire-battery', 'fire', T('采取锂电池火灾专项处置措施', 'Battery-fire tactics for lithium batteries'), 'high', null),
      act('port-count', 'port', T('清点撤离人数', 'Evacuation head count'), 'urgent', 10),
      act('port-plan', 'port', T('提供现场平面图', 'Hand over the site plan'), 'high', 10),
      act('port-power', 'port', T('切断仓库电源', 'Shut off power to the warehouse'), 'urgent', 10),
      act('customs-bond', 'customs', T('监管保税货物', 'Supervise the goods under bond'), 'high', 30),
      act('customs-record', 'customs', T('记录受损及移动的货物', 'Record what is damaged or moved'), 'normal', null),
      act('customs-seal', 'customs', T('火灾扑灭后对仓库施封', 'Seal the warehouse once the fire is out'), 'normal', null),
      act('police-cordon', 'police', T('外围警戒及交通管制', 'Outer cordon and traffic control'), 'high', 15),
      act('medical-post', 'medical', T('设立医疗点并检伤分类', 'Medical post and triage of the injured'), 'high', 15),
      act('medical-transport', 'medical', T('转运伤员至医院', 'Transport casualties to hospital'), 'high', null),
      act('border-people', 'border', T('核查口岸受影响人员', 'Account for people of the crossing who are affected'), 'normal', 30),
    ],
  },
  mass_casualty: {
    scenario: 'mass_casualty',
    name: T('群体伤亡事件应急预案', 'Mass casualty plan'),
    actions: [
      act('medical-triage', 'medical', T('设立伤员集中点并检伤分类', 'Casualty collection point and triage'), 'urgent', 10),
      act('medical-hospitals', 'medical', T('通报各医院并确认收治能力', 'Alert the hospitals and confirm their capacity'), 'urgent', 15),
      act('medical-transport', 'medical', T('按伤情分批转运', 'Transport casualties by priority'), 'high', null),
      act('fire-rescue', 'fire', T('搜救及破拆救援', 'Search, rescue and extrication'), 'urgent', 10),
      act('police-corridor', 'police', T('警戒并开辟救护车通道', 'Cordon and an ambulance corridor'), 'urgent', 10),
      act('port-stop', 'port', T('停止周边作业并开放救援通道', 'Stop nearby work and open access routes for rescuers'), 'urgent', 10),
      act('border-list', 'border', T('核对伤员身份并登记名单', 'Identify the casualties and keep a list'), 'high', 30),
      act('customs-supplies', 'customs', T('医疗救援物资快速通关', 'Fast clearance of medical relief supplies'), 'normal', null),
      act('maritime-vessels', 'maritime', T('协调相关船舶及水上救援', 'Coordinate vessels and rescue on the water'), 'high', 20),
    ],
  },
};

/**
 * The plan an installation starts with for a scenario (SPEC PLAN2): the built-in one, or for a
 * scenario without one (`other`) a plan with no actions, named so an admin can write one.
 */
export function builtInPlan(scenario: Scenario): EmergencyPlan {
  return DEFAULT_PLANS[scenario] ?? { scenario, name: T('其他事件应急预案', 'Plan for other incidents'), actions: [] };
}

/** The same action: key, agency, titles, priority and due minutes. */
export const sameAction = (a: PlanAction, b: PlanAction): boolean =>
  a.key === b.key &&
  a.agency === b.agency &&
  a.title.zh === b.title.zh &&
  a.title.en === b.title.en &&
  a.priority === b.priority &&
  a.dueMinutes === b.dueMinutes;

/** The same plan: its name and its actions, in order (versions and savers aside). */
export const samePlan = (a: Pick<EmergencyPlan, 'name' | 'actions'>, b: Pick<EmergencyPlan, 'name' | 'actions'>): boolean =>
  a.name.zh === b.name.zh && a.name.en === b.name.en && a.actions.length === b.actions.length && a.actions.every((x, i) => sameAction(x, b.actions[i]));

/** A plan's action as it stands on this incident. */
export interface PlanStep {
  action: PlanAction;
  /**
   * A task of its agency with its title (in either language, or both in either order) is on the board already, whatever its
   * status, or waits in the outbox to be sent: activated before, or written by hand.
   */
  onBoard: boolean;
}

/**
 * What activating `plan` on the incident would do: its actions grouped by agency, in the plan's
 * order, for the agencies taking part; the agencies of the plan not taking part (their actions are
 * left out: a task only goes to an agency of the incident). `pending` are the commands of the
 * board's outbox (not sent yet, or applied but not on the board yet): a task among them counts as
 * on the board, so an activation made offline is not offered again.
 */
export function planSteps(
  plan: EmergencyPlan,
  state: Pick<IncidentState, 'agencies' | 'tasks'>,
  pending: readonly IncidentCommandInput[] = [],
): { groups: Array<{ agency: string; steps: PlanStep[] }>; absent: string[] } {
  const titles = new Set(Object.values(state.tasks).map((t) => `${t.agency}\n${sameTitle(t.title)}`));
  for (const c of pending) if (c.type === 'CreateTask') titles.add(`${c.agency}\n${sameTitle(c.title)}`);
  const groups: Array<{ agency: string; steps: PlanStep[] }> = [];
  const absent: string[] = [];
  for (const action of plan.actions) {
    if (!state.agencies.includes(action.agency)) {
      if (!absent.includes(action.agency)) absent.push(action.agency);
      continue;
    }
    let group = groups.find((g) => g.agency === action.agency);
    if (!group) groups.push((group = { agency: action.agency, steps: [] }));
    const onBoard = [action.title.zh, action.title.en, taskTitleOf(action.title, 'zh'), taskTitleOf(action.title, 'en')].some((title) =>
      titles.has(`${action.agency}\n${sameTitle(title)}`),
    );
    group.steps.push({ action, onBoard });
  }
  return { groups, absent };
}

/**
 * A title as two people typing the same task would both write it: a task written by hand ("cool
 * tank 7", "Cool  tank 7 ", "冷却７号罐" with a full-width digit from a Chinese keyboard) is the
 * plan's action "Cool tank 7" / "冷却 7 号罐" (SPEC PLAN1). Letters' case, runs of spaces, the
 * full- and half-width forms (NFKC), and the spaces other than between two words (beside Chinese
 * characters, digits in Chinese text, a slash: written or not, by habit) make no difference.
 */
export function sameTitle(title: string): string {
  return fold(title)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ /g, (space, at: number, s: string) => (WORD.test(s[at - 1]) && WORD.test(s[at + 1]) ? space : ''));
}
/** A letter or digit of a script that separates its words by spaces (not Chinese). */
const WORD = /^(?!\p{Script=Han})[\p{L}\p{N}]$/u;

/** Between the two languages of a task's title from a plan. */
export const TITLE_LANGS_BETWEEN = ' / ';

/**
 * The title of the task an action becomes: both languages, the activating person's first
 * ("冷却 7 号罐 / Cool tank 7" from a Chinese page, "Cool tank 7 / 冷却 7 号罐" from an English one),
 * so that a team that reads either finds it on the board, the wall and the record, and the person
 * who activated it (and a team working in that language) reads its own first (SPEC PLAN1); one
 * when the two are the same, and `lang`'s alone when both would pass a task title's limit.
 */
export function taskTitleOf(title: Bilingual, lang: BilingualLang): string {
  return inBothLanguages(title, lang, LIMITS.title);
}

/**
 * Words written into the record for teams that read either language (a plan's task titles, its
 * activation's message: SPEC PLAN1): `lang`'s first, then the other's after TITLE_LANGS_BETWEEN;
 * one when the two are the same, and `lang`'s alone when both would pass `max` characters.
 */
export function inBothLanguages(words: Bilingual, lang: BilingualLang, max: number): string {
  const first = words[lang].trim();
  const second = words[lang === 'zh' ? 'en' : 'zh'].trim();
  if (first === second) return first;
  const both = `${first}${TITLE_LANGS_BETWEEN}${second}`;
  return both.length <= max ? both : first;
}

/**
 * The commands of an activation: one message to all (`announce`), then a CreateTask for each chosen
 * action, titled in both languages, `lang`'s first (taskTitleOf; `lang`'s alone where both are too long), due `dueMinutes` after `now`. Sent in this order through the outbox,
 * each once (its own command id, SPEC IDEM1), so an activation made offline is sent when the
 * connection returns, like anything else the person does. `idOf` names the message (null) and each
 * action's task (its key): the same ids again on a retry, so a task that was written after all is
 * refused (ALREADY_EXISTS), never written twice.
 */
export function planCommands(
  chosen: readonly PlanAction[],
  opts: { now: number; lang: BilingualLang; announce: string; idOf: (key: string | null) => string },
): IncidentCommandInput[] {
  const message: IncidentCommandInput = { type: 'PostMessage', messageId: opts.idOf(null), text: opts.announce, toAgency: null, alert: false };
  const tasks = chosen.map(
    (a): IncidentCommandInput => ({
      type: 'CreateTask',
      taskId: opts.idOf(a.key),
      title: taskTitleOf(a.title, opts.lang),
      agency: a.agency,
      priority: a.priority,
      dueAt: a.dueMinutes === null ? null : opts.now + a.dueMinutes * 60_000,
    }),
  );
  return [message, ...tasks];
}

import type { Actor, Role } from '../../lib/domain/actor';
import { DEFAULT_AGENCIES } from '../../lib/domain/agencies';
import { bilingual, bilingualLang, type Bilingual } from '../../lib/domain/bilingual';
import { IncidentCommand, type IncidentCommandInput } from '../../lib/domain/incident/commands';
import type { IncidentEvent } from '../../lib/domain/incident/events';
import { applyEvents } from '../../lib/domain/incident/evolve';
import { isOverdue, type IncidentState } from '../../lib/domain/incident/state';
import type { AgencyStatus, Priority, Scenario, Severity, TaskStatus } from '../../lib/domain/incident/vocabulary';
import { TASK_STATUSES } from '../../lib/domain/incident/vocabulary';
import { evaluate } from '../incidents/committer';

/**
 * The demo drill (issue #4, "A living demo"): scenario A of the brief, a
 * hazardous-materials leak at a container terminal, as it stands after an hour;
 * the same builder makes the closed drills of scenarios B and C (earlier-drills.ts).
 *
 * Pure and deterministic: a seeded PRNG, a clock given by the caller, and every
 * event produced by running a real command through the server's own
 * authorise-then-decide step (`evaluate`) and the reducer, so the log is valid
 * by construction. The store writes it as it is (server/demo/seed-store.ts).
 */

export const DEMO_SEED = 20260401;
export type DemoLang = 'zh-CN' | 'en';

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; values in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A v4-shaped uuid from a PRNG (ids must be uuids; determinism needs them seeded). */
export function seededUuid(rng: () => number): string {
  const b = Array.from({ length: 16 }, () => Math.floor(rng() * 256));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** FNV-1a of a string, to mix an incident id into a seed. */
function hash32(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Text in both content languages (lib/domain/bilingual.ts). */
export type { Bilingual };
export const T = bilingual;
export const inLang = (t: Bilingual, lang: DemoLang): string => t[bilingualLang(lang)];

/** Participating agencies, in the order of lib/domain/agencies.ts. */
export const DEMO_AGENCIES: readonly string[] = DEFAULT_AGENCIES.map((a) => a.code);

/** Who signs in: one liaison per agency (they may also set their agency's status), a commander, an observer. */
export interface DemoAccount {
  /** The agency code, or 'commander' / 'observer'. */
  key: string;
  username: string;
  displayName: string;
  role: Role;
  agency: string | null;
}

export function demoAccounts(lang: DemoLang = 'zh-CN'): DemoAccount[] {
  const liaisons = DEFAULT_AGENCIES.map(
    (a): DemoAccount => ({
      key: a.code,
      username: `demo-${a.code}`,
      displayName: lang === 'en' ? `${a.nameEn} liaison` : `${a.nameZh}联络员`,
      role: 'liaison',
      agency: a.code,
    }),
  );
  return [
    ...liaisons,
    { key: 'commander', username: 'demo-commander', displayName: inLang(T('指挥长 李明', 'Commander Li Ming'), lang), role: 'commander', agency: null },
    { key: 'observer', username: 'demo-observer', displayName: inLang(T('观察员 赵', 'Observer Zhao'), lang), role: 'observer', agency: null },
  ];
}

/** The incident as the commander opens it. */
export const DEMO_INCIDENT = {
  title: T('C3堆场罐式集装箱危险品泄漏', 'Hazmat leak from a tank container, yard block C3'),
  description: T(
    'C3堆场一只罐式集装箱泄漏易燃有毒液体，两名堆场工人感到头晕。演练脚本A。',
    'A tank container in yard block C3 is leaking a flammable, toxic liquid; two yard workers feel dizzy. Drill script A.',
  ),
  location: T('集装箱码头C3堆场，7号泊位后方', 'Container terminal, yard block C3, behind berth 7'),
};

export interface TaskPlan {
  agency: string;
  /** Creator: the commander unless an agency is named. */
  by?: string;
  /** Minutes after the alarm. */
  t: number;
  title: Bilingual;
  priority: Priority;
  /** Due this many minutes after creation. */
  due?: number;
  end: TaskStatus;
  /** Why it is blocked or cancelled at the end; for a task done, its note (what was done, a photo reference). */
  reason?: Bilingual;
  /** Blocked from acknowledged (not in progress) / cancelled while still open. */
  early?: boolean;
  /** Blocked on the way, then resumed. */
  hold?: Bilingual;
  /** Fixed step times (minutes after the alarm) instead of random ones. */
  steps?: number[];
  location?: Bilingual;
  assign?: { after: number; who: Bilingual };
  edit?: { after: number; priority?: Priority; details?: Bilingual; due?: number };
}

const C3 = T('C3堆场', 'Yard block C3');
const BERTH7 = T('7号泊位', 'Berth 7');

/** The 42 tasks of the hour, per agency (scenario A of the brief). */
const TASKS: TaskPlan[] = [
  // Port operator
  { agency: 'port', t: 1, title: T('停止C3堆场场桥及集卡作业', 'Stop crane and truck work in yard block C3'), priority: 'urgent', due: 5, end: 'done', location: C3 },
  { agency: 'port', t: 1.5, title: T('疏散C3堆场全部作业人员', 'Evacuate all workers from yard block C3'), priority: 'urgent', due: 10, end: 'done', location: C3 },
  { agency: 'port', t: 2, title: T('向指挥部提交危险品申报单及箱位', 'Hand the dangerous-goods declaration and the container position to the command post'), priority: 'high', due: 10, end: 'done' },
  { agency: 'port', by: 'fire', t: 12, title: T('提供空箱及正面吊用于隔离泄漏箱', 'Provide empty containers and a reach stacker to isolate the leaking container'), priority: 'high', due: 30, end: 'blocked', reason: T('正面吊司机未取得温区作业许可，等待消防确认安全', 'Reach-stacker driver not cleared for the warm zone; waiting for fire to confirm it is safe') },
  { agency: 'port', by: 'port', t: 6, title: T('清点C3堆场撤离人数', 'Head count of everyone evacuated from block C3'), priority: 'high', due: 15, end: 'done' },
  { agency: 'port', by: 'port', t: 20, title: T('制定码头闸口临时交通方案', 'Temporary traffic plan for the terminal gates'), priority: 'normal', due: 60, end: 'in_progress' },
  { agency: 'port', by: 'port', t: 8, title: T('关闭C3堆场周边雨水排放阀', 'Close the storm-drain valves around block C3'), priority: 'high', due: 15, end: 'done', location: C3 },
  // Fire and rescue
  { agency: 'fire', t: 1, title: T('泄漏区域气体检测', 'Gas detection around the leaking tank container'), priority: 'urgent', due: 10, end: 'done', location: T('C3-14-03箱位', 'Slot C3-14-03'), steps: [1.5, 8.5, 12], assign: { after: 1, who: T('特勤一中队', 'Special Service Squad 1') } },
  { agency: 'fire', t: 2, title: T('划定热区、温区、冷区', 'Set hot, warm and cold zones'), priority: 'urgent', due: 15, end: 'done', steps: [2.5, 9, 14] },
  { agency: 'fire', t: 15, title: T('设置水幕稀释蒸气云', 'Water curtain to knock down the vapour cloud'), priority: 'urgent', end: 'done', location: BERTH7, steps: [15.3, 16, 29] },
  { agency: 'fire', t: 9, title: T('堵漏或围堵泄漏源', 'Plug or contain the leak at the source'), priority: 'urgent', due: 45, end: 'done', hold: T('等待堵漏工具从特勤站送达', 'Waiting for the leak-sealing kit from the special-service station'), steps: [9.5, 10, 12, 38, 46] },
  { agency: 'fire', t: 18, title: T('设立人员洗消通道', 'Decontamination corridor for exposed people'), priority: 'high', due: 30, end: 'done' },
  { agency: 'fire', t: 22, title: T('泡沫覆盖地面积液', 'Foam blanket over the pooled liquid'), priority: 'high', end: 'blocked', reason: T('泡沫液储量不足，等待增援车到场', 'Foam stock low; waiting for the support tender') },
  { agency: 'fire', by: 'fire', t: 25, title: T('每10分钟监测下风向可燃气体浓度', 'Gas readings downwind every 10 minutes'), priority: 'high', end: 'in_progress' },
  { agency: 'fire', by: 'fire', t: 50, title: T('检查相邻集装箱是否受热或受损', 'Check adjacent containers for heat or damage'), priority: 'normal', due: 30, end: 'acknowledged', location: C3 },
  // Customs
  { agency: 'customs', t: 3, title: T('核对舱单与申报货物', 'Check the declared goods against the manifest'), priority: 'urgent', due: 5, end: 'done' },
  { agency: 'customs', t: 4, title: T('确认泄漏物质UN编号及危险特性', 'Identify the substance, its UN number and hazards'), priority: 'urgent', due: 20, end: 'done', steps: [5, 6, 21], edit: { after: 8, details: T('比对《危险货物品名表》，结果报指挥部。', 'Compare with the dangerous goods list; report to the command post.') } },
  { agency: 'customs', t: 14, title: T('暂停放行同票关联集装箱', 'Hold related containers of the same consignment from release'), priority: 'high', due: 20, end: 'done' },
  { agency: 'customs', t: 26, title: T('安全后采样送检', 'Take samples once it is safe'), priority: 'high', end: 'blocked', early: true, reason: T('热区尚未解除，采样人员不得进入', 'Hot zone still active; samplers may not enter') },
  { agency: 'customs', by: 'customs', t: 10, title: T('调取该箱历史查验记录', "Pull the container's inspection history"), priority: 'normal', end: 'done' },
  { agency: 'customs', by: 'customs', t: 20, title: T('通知货主及代理到指挥部说明情况', 'Summon the consignee and the forwarding agent to the command post'), priority: 'normal', due: 25, end: 'in_progress' },
  // Emergency medical
  { agency: 'medical', t: 3, title: T('两名头晕工人检伤分类', 'Triage the two dizzy yard workers'), priority: 'urgent', due: 10, end: 'done', steps: [3.5, 13.2, 15] },
  { agency: 'medical', by: 'medical', t: 15.2, title: T('转运两名工人至市第一人民医院', "Transport the two workers to the First People's Hospital"), priority: 'urgent', end: 'done', steps: [15.4, 16, 24] },
  { agency: 'medical', t: 5, title: T('在冷区设立医疗点', 'Medical post in the cold zone'), priority: 'high', due: 15, end: 'done' },
  { agency: 'medical', t: 17, title: T('温区人员症状筛查', 'Symptom screening for everyone from the warm zone'), priority: 'high', due: 20, end: 'in_progress', assign: { after: 2, who: T('急救分站二组', 'EMS team 2') }, edit: { after: 4, priority: 'urgent' } },
  { agency: 'medical', by: 'medical', t: 30, title: T('向医院中毒救治中心通报物质信息', "Brief the hospital's poison centre on the substance"), priority: 'normal', due: 15, end: 'acknowledged' },
  // Maritime safety
  { agency: 'maritime', t: 3, title: T('暂停7号泊位相邻船舶动态', 'Stop vessel movements at berth 7'), priority: 'urgent', due: 10, end: 'done', location: BERTH7 },
  { agency: 'maritime', t: 9, title: T('监测泄漏物流入港池情况', 'Watch for run-off into the harbour basin'), priority: 'high', end: 'in_progress' },
  { agency: 'maritime', by: 'maritime', t: 35, title: T('7号泊位围油栏待命', 'Booms on standby at berth 7'), priority: 'normal', end: 'acknowledged', location: BERTH7 },
  { agency: 'maritime', t: 12, title: T('确认7号泊位“海韵”轮货舱通风口已关闭', 'Confirm the hold vents of MV Hai Yun at berth 7 are closed'), priority: 'high', end: 'done', location: BERTH7 },
  { agency: 'maritime', t: 17, title: T('发布港池航行警告', 'Navigational warning for the basin'), priority: 'normal', end: 'cancelled', reason: T('蒸气云未扩散至水域，指挥部决定暂不发布', 'The vapour cloud did not reach the water; command decided not to issue it') },
  // Border inspection
  { agency: 'border', t: 4, title: T('管控港区限制区域人员出入', 'Control who enters the restricted port area'), priority: 'high', end: 'in_progress' },
  { agency: 'border', t: 6, title: T('核清“海韵”轮船员人数', 'Account for the crew of MV Hai Yun'), priority: 'high', due: 15, end: 'done', steps: [7, 12, 27] },
  { agency: 'border', by: 'border', t: 16, title: T('建立警戒区内人员名单', 'Keep a list of everyone inside the cordon'), priority: 'normal', end: 'in_progress', assign: { after: 2, who: T('值班科 周', 'Duty officer Zhou') } },
  { agency: 'border', t: 28, title: T('暂停“海韵”轮船员登陆许可', 'Suspend shore passes for the crew of MV Hai Yun'), priority: 'normal', due: 10, end: 'open' },
  { agency: 'border', by: 'border', t: 52, title: T('核查撤离外包人员证件', 'Check passes of contractors leaving the area'), priority: 'normal', end: 'open' },
  // Police
  { agency: 'police', t: 2, title: T('设置外围警戒线', 'Outer cordon around the terminal'), priority: 'urgent', due: 10, end: 'done' },
  { agency: 'police', t: 5, title: T('码头进港道路交通管制', 'Traffic control on the terminal access road'), priority: 'high', end: 'in_progress', assign: { after: 3, who: T('交警三大队', 'Traffic Unit 3') } },
  { agency: 'police', t: 11, title: T('保障救护车进出通道畅通', 'Keep an access lane clear for ambulances'), priority: 'high', end: 'done' },
  { agency: 'police', by: 'port', t: 24, title: T('疏导2号闸口滞留集卡', 'Clear the stranded trucks at gate 2'), priority: 'normal', end: 'blocked', reason: T('闸口系统停机，车辆无法办理出场', 'Gate system down; trucks cannot check out'), edit: { after: 3, due: 20 } },
  { agency: 'police', t: 40, title: T('维持指挥部周边秩序', 'Keep order around the command post'), priority: 'low', end: 'open' },
  { agency: 'police', t: 19, title: T('协助疏散邻近办公楼', 'Help evacuate the nearby office building'), priority: 'normal', end: 'cancelled', early: true, reason: T('该楼气体检测结果正常，无需疏散', 'Gas readings normal at the building; no evacuation needed') },
];

export interface MessagePlan {
  t: number;
  by: string;
  text: Bilingual;
  to?: string;
  alert?: boolean;
}

const MESSAGES: MessagePlan[] = [
  { t: 0.3, by: 'commander', text: T('演练开始：C3堆场罐式集装箱泄漏，各单位按预案A响应。', 'Drill start: a tank container is leaking in block C3. All agencies respond per plan A.') },
  { t: 2.5, by: 'port', text: T('C3堆场场桥、集卡作业已全部停止。', 'All cranes and trucks in block C3 have stopped.') },
  { t: 4, by: 'fire', text: T('第一出动力量已出发，预计8分钟到场。', 'First-response units on the way, ETA 8 minutes.') },
  { t: 7, by: 'port', text: T('危险品申报单已上传，箱位C3-14-03。', 'Dangerous-goods declaration uploaded; the container is at slot C3-14-03.') },
  { t: 9, by: 'fire', text: T('已到场，正在进行气体检测。', 'On scene; gas detection under way.') },
  { t: 11, by: 'customs', to: 'fire', text: T('舱单申报品名为“涂料稀释剂”，待进一步核实。', 'The manifest declares “paint thinner”; still to be verified.') },
  { t: 14.5, by: 'fire', alert: true, text: T('风向东北，风速4米/秒，蒸气云正向7号泊位岸边扩散，下风向300米内人员立即撤离！', 'Wind from the north-east, 4 m/s: the vapour cloud is drifting to the berth 7 quay. Everyone within 300 m downwind leave now!') },
  { t: 15.7, by: 'medical', text: T('两名工人意识清醒，轻度头晕恶心。', 'Both workers are conscious, with mild dizziness and nausea.') },
  { t: 17.5, by: 'maritime', text: T('“海韵”轮已暂停作业，船员留舱待命。', 'MV Hai Yun has stopped work; the crew stays aboard.') },
  { t: 18.5, by: 'police', text: T('外围警戒线已设置，进港道路单向放行。', 'Outer cordon set; the access road is one-way outbound.') },
  { t: 21.2, by: 'customs', text: T('UN编号已确认：UN1993，易燃液体（含甲苯）。', 'UN number confirmed: UN1993, flammable liquid (toluene mixture).') },
  { t: 22, by: 'commander', to: 'medical', text: T('请医疗组按甲苯接触准备救治方案。', 'Medical: prepare treatment for toluene exposure.') },
  { t: 24.3, by: 'medical', text: T('两名工人已转运至市第一人民医院。', "Two workers transferred to the First People's Hospital.") },
  { t: 27.3, by: 'border', text: T('“海韵”轮船员23人已全部核清。', 'All 23 crew of MV Hai Yun accounted for.') },
  { t: 29.3, by: 'fire', text: T('水幕已形成，下风向浓度开始下降。', 'Water curtain up; downwind readings are falling.') },
  { t: 31, by: 'port', to: 'fire', text: T('正面吊已在C2堆场待命，等待进入许可。', 'The reach stacker is waiting in block C2 for clearance to enter.') },
  { t: 33, by: 'maritime', text: T('港池水面未见油膜或泄漏物。', 'No sheen or run-off on the basin so far.') },
  { t: 36, by: 'police', text: T('2号闸口滞留集卡约40辆。', 'About 40 trucks are stuck at gate 2.') },
  { t: 38.3, by: 'fire', text: T('堵漏工具已送达，开始堵漏。', 'Leak-sealing kit arrived; sealing now.') },
  { t: 42, by: 'border', text: T('警戒区内登记人员62人。', '62 people registered inside the cordon.') },
  { t: 46.2, by: 'fire', text: T('泄漏源已封堵，正在收集残液。', 'Leak source plugged; collecting the remaining liquid.') },
  { t: 47.5, by: 'commander', text: T('进入控制阶段，各单位保持警戒，注意二次泄漏。', 'Moving to containment. Stay alert for a second release.') },
  { t: 51, by: 'customs', to: 'port', text: T('同票其余5个集装箱已锁定，暂停放行。', 'The other 5 containers of the consignment are on hold.') },
  { t: 54, by: 'medical', text: T('医院反馈两名工人生命体征平稳。', 'The hospital reports both workers stable.') },
  { t: 56, by: 'fire', text: T('下风向可燃气体浓度低于报警值。', 'Downwind gas readings are below the alarm level.') },
  { t: 57.5, by: 'commander', text: T('请各单位于10分钟内报告任务进展。', 'All agencies: report task progress within 10 minutes.') },
];

/** notified, en route, on scene: minutes after the alarm. */
const AGENCY_STEPS: Record<string, number[]> = {
  port: [0.5, 1, 2],
  fire: [1, 1.5, 8],
  customs: [1.5, 3, 12],
  medical: [1.7, 2.5, 13],
  maritime: [2, 4, 11],
  border: [2.2, 5, 14],
  police: [2.5, 4.2, 10],
};
/** An agency's statuses in this order; a scenario gives a time for the first three or all four. */
const AGENCY_PATH: AgencyStatus[] = ['notified', 'en_route', 'on_scene', 'standing_down'];

const SEVERITY_REASON = T('蒸气云已扩散至7号泊位岸边', 'The vapour cloud reached the berth 7 quay');
const CONFIRMED = T(
  '物质已确认：UN1993 易燃液体（含甲苯），箱号 TGHU 482913-7。',
  'Substance confirmed: UN1993 flammable liquid (toluene mixture), container TGHU 482913-7.',
);
/** The history ends a minute before its end time (`now` for the running drill). */
const LAST_MS_BEFORE_NOW = 60_000;
const MIN = 60_000;

/** A change to the incident itself (severity, description, phase), in the text's language. */
export type IncidentChange = (s: IncidentState, txt: (t: Bilingual) => string) => IncidentCommandInput;

/**
 * One scripted drill of the brief's scenarios: what the commander opens, who takes part, and what
 * each agency does when (minutes after the alarm). Every command of it runs through the server's
 * own checks when the drill is built, so a script the domain would refuse fails at once.
 */
export interface DemoScenario {
  scenario: Scenario;
  incident: { title: Bilingual; description: Bilingual; location: Bilingual };
  severity: Severity;
  /** Taking part, in the order of lib/domain/agencies.ts. */
  agencies: readonly string[];
  /** How long its history is, in minutes (it ends a minute before its end time). */
  spanMin: number;
  /** Each agency's notified, en route, on scene (and standing down) times. */
  agencySteps: Record<string, number[]>;
  /** Changes to the incident itself, by the commander, in script order. */
  changes: Array<{ t: number; make: IncidentChange }>;
  tasks: TaskPlan[];
  messages: MessagePlan[];
}

/** Scenario A of the brief, an hour in: the demo's running drill. */
export const HAZMAT_DRILL: DemoScenario = {
  scenario: 'hazmat',
  incident: DEMO_INCIDENT,
  severity: 'III',
  agencies: DEMO_AGENCIES,
  spanMin: 60,
  agencySteps: AGENCY_STEPS,
  changes: [
    { t: 16, make: (s, txt) => ({ type: 'ChangeSeverity', expectedVersion: s.version, severity: 'II', reason: txt(SEVERITY_REASON) }) },
    { t: 21.5, make: (s, txt) => ({ type: 'UpdateIncident', expectedVersion: s.version, description: `${s.description}\n${txt(CONFIRMED)}` }) },
    { t: 47, make: (s) => ({ type: 'ChangePhase', expectedVersion: s.version, phase: 'containment' }) },
  ],
  tasks: TASKS,
  messages: MESSAGES,
};

type Make = (s: IncidentState) => IncidentCommandInput;
interface Planned {
  at: number;
  by: string;
  make: Make;
  order: number;
}

export interface DemoFacts {
  agencies: number;
  tasks: number;
  events: number;
  alerts: number;
  messages: number;
  /** Active tasks whose due time is before `now`. */
  overdue: number;
  byStatus: Record<TaskStatus, number>;
}

export interface DemoDrill {
  incidentId: string;
  /** The whole log, seq 1..n, ts strictly increasing within [end − span, end − 1 min] (A: the last hour before `now`). */
  events: IncidentEvent[];
  /** The state the log folds to. */
  state: IncidentState;
  accounts: DemoAccount[];
  /** Actor of each account key, as stamped on the events. */
  actors: Record<string, Actor>;
  facts: DemoFacts;
}

export interface DemoDrillOptions {
  now: number;
  incidentId: string;
  seed?: number;
  lang?: DemoLang;
  /** Real account ids by key (seed-store passes those it created); default: seeded uuids. */
  accountIds?: Readonly<Record<string, string>>;
  /** Which drill; default: scenario A, the running one (HAZMAT_DRILL). */
  scenario?: DemoScenario;
  /** When its history ends (a minute after its last event); default `now`. */
  endAt?: number;
}

export function factsOf(state: IncidentState, events: readonly IncidentEvent[], now: number): DemoFacts {
  const tasks = Object.values(state.tasks);
  const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  for (const t of tasks) byStatus[t.status]++;
  return {
    agencies: state.agencies.length,
    tasks: tasks.length,
    events: events.length,
    alerts: state.messages.filter((m) => m.alert).length,
    messages: state.messages.length,
    overdue: tasks.filter((t) => isOverdue(t, now)).length,
    byStatus,
  };
}

/** Runs one command as `actor` through authorise + decide + reduce; throws if it is refused (a bug in the script). */
export function runCommand(
  state: IncidentState | null,
  actor: Actor,
  input: IncidentCommandInput,
  envelope: { incidentId: string; commandId: string; ts: number; eventId: () => string },
): { state: IncidentState; events: IncidentEvent[] } {
  const cmd = IncidentCommand.parse(input);
  const decision = evaluate(state, actor, cmd, new Set(DEMO_AGENCIES));
  if (!decision.ok) throw new Error(`demo command ${cmd.type} refused: ${decision.error.code} ${decision.error.message}`);
  const seq0 = state?.seq ?? 0;
  const events = decision.events.map(
    (body, i) =>
      ({ ...body, incidentId: envelope.incidentId, id: envelope.eventId(), actor, commandId: envelope.commandId, seq: seq0 + 1 + i, ts: envelope.ts }) as IncidentEvent,
  );
  const next = applyEvents(state, events);
  if (!next) throw new Error('demo: no state after a command');
  return { state: next, events };
}

/** The drill's whole history, as of `now`. */
export function buildDemoDrill(opts: DemoDrillOptions): DemoDrill {
  const seed = opts.seed ?? DEMO_SEED;
  const lang = opts.lang ?? 'zh-CN';
  const rng = mulberry32(seed);
  const ids = mulberry32(hash32(opts.incidentId, seed));
  const sc = opts.scenario ?? HAZMAT_DRILL;
  const endAt = opts.endAt ?? opts.now;
  const start = endAt - sc.spanMin * MIN;
  const last = endAt - LAST_MS_BEFORE_NOW;
  const txt = (t: Bilingual) => inLang(t, lang);

  const accounts = demoAccounts(lang);
  const actors: Record<string, Actor> = {};
  for (const a of accounts) {
    actors[a.key] = { userId: opts.accountIds?.[a.key] ?? seededUuid(ids), name: a.displayName, agency: a.agency, role: a.role };
  }

  const plan: Planned[] = [];
  const at = (minutes: number, jitterS = 0) => {
    const j = jitterS ? (rng() * 2 - 1) * jitterS * 1000 : 0;
    return Math.round(Math.min(last, Math.max(start + 1000, start + minutes * MIN + j)));
  };
  const add = (when: number, by: string, make: Make) => plan.push({ at: when, by, make, order: plan.length });

  add(start, 'commander', () => ({
    type: 'OpenIncident',
    title: txt(sc.incident.title),
    description: txt(sc.incident.description),
    kind: 'drill',
    scenario: sc.scenario,
    severity: sc.severity,
    location: txt(sc.incident.location),
    agencies: [...sc.agencies],
    phase: 'response',
  }));

  for (const [agency, steps] of Object.entries(sc.agencySteps)) {
    steps.forEach((m, i) => add(at(m, 5), agency, () => ({ type: 'SetAgencyStatus', agency, status: AGENCY_PATH[i] })));
  }
  for (const c of sc.changes) add(at(c.t, 10), 'commander', (s) => c.make(s, txt));

  for (const m of sc.messages) {
    const messageId = seededUuid(ids);
    add(at(m.t, 10), m.by, () => ({ type: 'PostMessage', messageId, text: txt(m.text), toAgency: m.to ?? null, alert: m.alert ?? false }));
  }

  for (const p of sc.tasks) {
    const taskId = seededUuid(ids);
    const created = at(p.t, 20);
    add(created, p.by ?? 'commander', () => ({
      type: 'CreateTask',
      taskId,
      title: txt(p.title),
      agency: p.agency,
      priority: p.priority,
      dueAt: p.due === undefined ? null : roundToMinute(created + p.due * MIN),
      location: p.location ? txt(p.location) : '',
    }));
    const path = statusPath(p);
    const times = p.steps ? p.steps.map((m) => Math.max(created + 1000, at(m, 5))) : stepTimes(rng, created, path, last);
    path.forEach((step, i) => {
      const by = step.to === 'cancelled' ? 'commander' : p.agency;
      add(times[i], by, (s) => ({
        type: 'ChangeTaskStatus',
        taskId,
        expectedVersion: s.tasks[taskId].version,
        to: step.to,
        ...(step.reason ? { reason: txt(step.reason) } : {}),
      }));
    });
    if (p.assign) {
      const who = p.assign.who;
      add(Math.min(last, created + p.assign.after * MIN), p.agency, (s) => ({
        type: 'ReassignTask',
        taskId,
        expectedVersion: s.tasks[taskId].version,
        agency: p.agency,
        assignee: txt(who),
      }));
    }
    if (p.edit) {
      const e = p.edit;
      add(Math.min(last, created + e.after * MIN), p.agency, (s) => ({
        type: 'EditTask',
        taskId,
        expectedVersion: s.tasks[taskId].version,
        ...(e.priority ? { priority: e.priority } : {}),
        ...(e.details ? { details: txt(e.details) } : {}),
        ...(e.due !== undefined ? { dueAt: roundToMinute(created + e.due * MIN) } : {}),
      }));
    }
  }

  // Time order (script order breaks ties), then strictly increasing timestamps.
  plan.sort((a, b) => a.at - b.at || a.order - b.order);
  let state: IncidentState | null = null;
  const events: IncidentEvent[] = [];
  let prevTs = -Infinity;
  for (const step of plan) {
    const ts = Math.max(step.at, prevTs + 1);
    if (ts > last) throw new Error('demo: the script does not fit in its span');
    const r = runCommand(state, actors[step.by], step.make(state as IncidentState), {
      incidentId: opts.incidentId,
      commandId: seededUuid(ids),
      ts,
      eventId: () => seededUuid(ids),
    });
    state = r.state;
    events.push(...r.events);
    prevTs = ts;
  }
  const final = state as IncidentState;
  return { incidentId: opts.incidentId, events, state: final, accounts, actors, facts: factsOf(final, events, opts.now) };
}

function roundToMinute(ms: number): number {
  return Math.round(ms / MIN) * MIN;
}

interface Step {
  to: TaskStatus;
  reason?: Bilingual;
}

/** The status changes that take a new task to its planned end (SPEC TASK1, TASK2). */
function statusPath(p: TaskPlan): Step[] {
  const ack: Step = { to: 'acknowledged' };
  const work: Step = { to: 'in_progress' };
  switch (p.end) {
    case 'open':
      return [];
    case 'acknowledged':
      return [ack];
    case 'in_progress':
      return [ack, work];
    case 'done':
      return p.hold ? [ack, work, { to: 'blocked', reason: p.hold }, work, { to: 'done', reason: p.reason }] : [ack, work, { to: 'done', reason: p.reason }];
    case 'blocked':
      return p.early ? [ack, { to: 'blocked', reason: p.reason }] : [ack, work, { to: 'blocked', reason: p.reason }];
    case 'cancelled':
      return p.early ? [{ to: 'cancelled', reason: p.reason }] : [ack, { to: 'cancelled', reason: p.reason }];
  }
}

/** Random but plausible gaps (minutes) before each step, squeezed to end before `last`. */
function stepTimes(rng: () => number, created: number, path: Step[], last: number): number[] {
  const gap: Record<TaskStatus, [number, number]> = {
    open: [1, 3],
    acknowledged: [0.3, 2.5],
    in_progress: [0.3, 3],
    done: [3, 15],
    blocked: [2, 8],
    cancelled: [2, 10],
  };
  const gaps = path.map((s) => {
    const [lo, hi] = gap[s.to];
    return (lo + rng() * (hi - lo)) * MIN;
  });
  const total = gaps.reduce((a, b) => a + b, 0);
  const room = last - created - 1000 * (path.length + 1);
  const scale = total > room ? room / total : 1;
  let t = created;
  return gaps.map((g) => (t = Math.round(t + Math.max(1000, g * scale))));
}

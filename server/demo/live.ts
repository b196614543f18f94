import { IncidentFeed } from '../../lib/client/incident-feed';
import { sendCommand } from '../../lib/client/send-command';
import type { PortlineSocket } from '../../lib/client/socket';
import type { IncidentCommandInput } from '../../lib/domain/incident/commands';
import { isActiveTask, type IncidentState, type Task } from '../../lib/domain/incident/state';
import { nextTaskStatus } from '../../lib/domain/incident/transitions';
import type { TaskStatus } from '../../lib/domain/incident/vocabulary';
import { connect, signIn } from '../testing/client';
import { DEMO_AGENCIES, inLang, mulberry32, seededUuid, T, type Bilingual, type DemoLang } from './drill';
import type { SeededDemo } from './seed-store';

/**
 * `npm run demo -- --live`: what the agencies plausibly do next in the drill,
 * one command at a time, so a wall display can be watched moving. The choice
 * is pure (nextLiveCommand, tested against the reducer); runLive sends it as
 * the agency's own account over a real socket.
 */

const NEW_TASKS: Record<string, Bilingual[]> = {
  fire: [
    T('复测泄漏箱周边可燃气体浓度', 'Re-check gas levels around the leaking container'),
    T('回收洗消废水', 'Collect the decontamination run-off water'),
    T('更换一线人员空气呼吸器气瓶', 'Swap breathing-apparatus cylinders for the entry team'),
  ],
  port: [
    T('评估恢复C2堆场集卡作业', 'Assess reopening truck work in block C2'),
    T('安排泄漏箱转运至危险品专用堆场', 'Arrange moving the leaking container to the dangerous-goods yard'),
  ],
  customs: [
    T('出具同票货物查验意见', 'Issue the inspection opinion on the consignment'),
    T('登记受损货物清单', 'Record the damaged goods'),
  ],
  medical: [
    T('跟踪住院工人病情', 'Follow up on the hospitalised workers'),
    T('为洗消人员提供健康监测', 'Health checks for the decontamination crew'),
  ],
  maritime: [T('评估7号泊位恢复靠泊条件', 'Assess reopening berth 7'), T('巡查港池水面', 'Patrol the basin surface')],
  border: [
    T('更新警戒区内人员名单', 'Update the list of people inside the cordon'),
    T('核查新到场救援人员证件', 'Check passes of newly arrived responders'),
  ],
  police: [T('调整进港道路管制范围', 'Adjust the access-road closure'), T('护送危险品转运车辆', 'Escort the dangerous-goods transfer truck')],
};

const BLOCK_REASONS: Bilingual[] = [
  T('等待指挥部确认', 'Waiting for the command post to confirm'),
  T('现场风向变化，暂停作业', 'The wind shifted; work paused'),
  T('所需设备尚未到位', 'The equipment is not there yet'),
  T('人员轮换休整', 'Crew rotating out for rest'),
];

const MESSAGES: Record<string, Bilingual[]> = {
  commander: [
    T('各单位注意保持通信畅通。', 'All agencies: keep the radio channel clear.'),
    T('15分钟后召开现场会商。', 'On-site briefing in 15 minutes.'),
  ],
  fire: [T('下风向浓度稳定，未超标。', 'Downwind readings steady, below the limits.'), T('一线人员已轮换。', 'The entry team has rotated.')],
  port: [T('C2堆场作业仍暂停。', 'Block C2 is still paused.')],
  customs: [T('关联集装箱仍在监管中。', 'The related containers are still on hold.')],
  medical: [T('医疗点暂无新增病人。', 'No new patients at the medical post.')],
  maritime: [T('港池水面正常。', 'The basin surface is normal.')],
  border: [T('警戒区内人员名单已更新。', 'The cordon list is updated.')],
  police: [T('进港道路通行有序。', 'Access-road traffic is orderly.')],
};

export interface LiveCommand {
  /** Account key (agency code or 'commander') that sends it. */
  by: string;
  command: IncidentCommandInput;
  /** What it does, for the console. */
  summary: string;
}

const MIN = 60_000;
/** A message is not posted again while it is among the incident's last this many (a wall showing the same line twice a minute looks broken). */
const RECENT_MESSAGES = 6;

/** The next plausible command against the current state. */
export function nextLiveCommand(state: IncidentState, rng: () => number, lang: DemoLang, now: number): LiveCommand {
  const txt = (t: Bilingual) => inLang(t, lang);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)];
  const pickOr = <T>(list: readonly T[]): T | null => (list.length ? pick(list) : null);
  const tasks = Object.values(state.tasks);
  const active = tasks.filter(isActiveTask);
  const status = (t: Task, to: TaskStatus, reason?: string): LiveCommand => ({
    by: t.agency,
    command: { type: 'ChangeTaskStatus', taskId: t.id, expectedVersion: t.version, to, ...(reason ? { reason } : {}) },
    summary: `${t.agency}: "${t.title}" ${t.status} → ${to}${reason ? ` (${reason})` : ''}`,
  });

  const choices: Array<[number, () => LiveCommand | null]> = [
    [
      50,
      () => {
        const t = pickOr(active);
        const to = t && nextTaskStatus(t.status);
        return t && to ? status(t, to) : null;
      },
    ],
    [
      6,
      () => {
        const t = pickOr(active.filter((x) => x.status === 'acknowledged' || x.status === 'in_progress'));
        return t ? status(t, 'blocked', txt(pick(BLOCK_REASONS))) : null;
      },
    ],
    [
      active.length < 15 ? 36 : active.length > 30 ? 5 : 18,
      () => {
        const agency = pick(DEMO_AGENCIES);
        // Not a second active task of the same title in a lane.
        const open = new Set(active.filter((x) => x.agency === agency).map((x) => x.title));
        const title = pickOr(NEW_TASKS[agency].map(txt).filter((x) => !open.has(x)));
        if (!title) return null;
        const by = rng() < 0.5 ? 'commander' : agency;
        const dueAt = Math.round((now + (15 + Math.floor(rng() * 26)) * MIN) / MIN) * MIN;
        return {
          by,
          command: { type: 'CreateTask', taskId: seededUuid(rng), title, agency, priority: pick(['normal', 'normal', 'high', 'urgent'] as const), dueAt },
          summary: `${by}: new task for ${agency}: "${title}"`,
        };
      },
    ],
    [
      20,
      () => {
        const recent = new Set(state.messages.slice(-RECENT_MESSAGES).map((m) => m.text));
        const fresh = (key: string) => MESSAGES[key].map(txt).filter((x) => !recent.has(x));
        const by = pick(Object.keys(MESSAGES).filter((key) => fresh(key).length > 0));
        const text = pick(fresh(by));
        return { by, command: { type: 'PostMessage', messageId: seededUuid(rng), text }, summary: `${by}: message "${text}"` };
      },
    ],
    [
      3,
      () => {
        const agency = pick(state.agencies);
        const from = state.agencyStatus[agency]?.status ?? null;
        const to = from === 'on_scene' ? 'standing_down' : 'on_scene';
        return { by: agency, command: { type: 'SetAgencyStatus', agency, status: to }, summary: `${agency}: status ${from ?? '—'} → ${to}` };
      },
    ],
  ];
  const total = choices.reduce((s, [w]) => s + w, 0);
  let r = rng() * total;
  for (const [w, make] of choices) {
    r -= w;
    if (r < 0) {
      const c = make();
      if (c) return c;
      break;
    }
  }
  // Nothing of that kind to do: a task moved on, else a message, which always fits (there are more
  // of them than RECENT_MESSAGES).
  return choices[0][1]() ?? (choices[3][1]() as LiveCommand);
}

/**
 * Signs in the demo accounts, follows the incident over the observer's socket
 * (IncidentFeed, as the browser does) and sends one command every 2–5 s as the
 * agency concerned. Returns a function that stops it and closes the sockets.
 */
export async function runLive(opts: {
  url: string;
  seeded: SeededDemo;
  lang: DemoLang;
  seed: number;
  log: (line: string) => void;
}): Promise<() => Promise<void>> {
  const { url, seeded } = opts;
  const sockets = new Map<string, PortlineSocket>();
  for (const a of seeded.accounts) sockets.set(a.key, await connect(url, await signIn(url, a.username, a.password)));
  const observer = sockets.get('observer') as PortlineSocket;
  const feed = new IncidentFeed(observer, seeded.incidentId, () => undefined);
  feed.start();
  const rng = mulberry32(opts.seed + 1);

  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (!stopped) timer = setTimeout(() => (inFlight = step().catch(report).finally(schedule)), 2000 + Math.floor(rng() * 3000));
  };
  const report = (err: unknown) => opts.log(`live step failed: ${err instanceof Error ? err.message : String(err)}`);
  const step = async () => {
    const state = feed.snapshot.state;
    if (!state) return;
    const next = nextLiveCommand(state, rng, opts.lang, Date.now());
    const ack = await sendCommand(sockets.get(next.by) as PortlineSocket, seeded.incidentId, next.command, { deadlineMs: 10_000 });
    const time = new Date().toTimeString().slice(0, 8);
    opts.log(`${time}  ${ack.ok ? `seq ${ack.seqs.join(',')}` : `refused ${ack.error.code}`}  ${next.summary}`);
  };
  schedule();

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await inFlight;
    feed.stop();
    for (const s of sockets.values()) s.close();
  };
}

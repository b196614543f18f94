'use client';

import { useMemo, type ReactNode } from 'react';
import { leftWork } from '@/lib/domain/incident/agency-work';
import { isOverdue, overdueAt, type IncidentState, type Task } from '@/lib/domain/incident/state';
import type { TaskStatus } from '@/lib/domain/incident/vocabulary';
import { splitTasks } from '@/components/board/task-sort';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { cx } from '@/components/ui/cx';
import { PagedList, type PagedItem } from './paged-list';
import { BlockedIcon, ClockIcon } from './wall-icons';
import { Bi } from './wall-lang';
import { STATUS_EDGE, WallTaskCard } from './wall-task-card';
import { AgencyName, AgencyStatusWord, TaskStatusWord, WallText } from './wall-words';

/** The order of the groups in a column: what needs help first. */
const GROUPS: readonly TaskStatus[] = ['blocked', 'in_progress', 'acknowledged', 'open'];

/** Active tasks grouped by status; overdue ones first in each group, then the board's order. */
function groupTasks(tasks: Task[], now: number): Task[] {
  const { active } = splitTasks(tasks);
  const out: Task[] = [];
  for (const status of GROUPS) {
    const group = active.filter((t) => t.status === status);
    out.push(...group.filter((t) => isOverdue(t, now)), ...group.filter((t) => !isOverdue(t, now)));
  }
  return out;
}

interface Props {
  state: IncidentState;
  code: string;
  now: number;
}

/** One agency: name, reported status, counts, and its active tasks by status, paging when they do not fit. */
export function WallColumn({ state, code, now }: Props) {
  const agencies = useAgencyDirectory();
  const participating = state.agencies.includes(code);
  const mine = useMemo(() => Object.values(state.tasks).filter((t) => t.agency === code), [state.tasks, code]);
  const at = overdueAt(state, now);
  const ordered = useMemo(() => groupTasks(mine, at), [mine, at]);
  const counts = {
    active: ordered.length,
    blocked: ordered.filter((t) => t.status === 'blocked').length,
    overdue: ordered.filter((t) => isOverdue(t, at)).length,
    done: mine.filter((t) => t.status === 'done').length,
    cancelled: mine.filter((t) => t.status === 'cancelled').length,
  };
  const status = state.agencyStatus[code]?.status ?? null;
  // Standing down with tasks still unfinished: what the command centre must notice (SPEC AGS1).
  const left = participating ? leftWork(status, counts.active) : 0;

  const items: PagedItem[] = ordered.map((task) => ({
    key: task.id,
    group: task.status,
    render: (measuring) => <WallTaskCard task={task} now={now} overdueAt={at} measuring={measuring} />,
  }));

  return (
    <section
      data-testid="wall-column"
      data-agency={code}
      data-status={status ?? 'none'}
      data-done={counts.done}
      data-cancelled={counts.cancelled}
      aria-label={agencies.name(code)}
      className="row-span-4 grid min-w-0 grid-rows-subgrid overflow-hidden rounded-[0.4rem] border border-(--wall-line) bg-(--wall-panel)"
    >
      {/* The header's three parts (name, status, counts) and the cards below are each a size container
          of the column's width (labels and names shrink with it: app/display/wall.css); neither the
          column nor the header can be one, as a container's layout containment would stop it being a
          subgrid (wall-incident.tsx): each part has its row across the wall. */}
      <header className="row-span-3 grid grid-rows-subgrid border-t-[0.45rem]" style={{ borderTopColor: agencies.color(code) }}>
        <div className="@container">
          <div className="flow-root px-[0.6rem] pt-[0.4rem] @max-[13rem]:px-[0.4rem]">
            {/* The name has the column's whole width (the code is on the status's line), and on the wall its
                size is the largest at which every column's name fits one line, down to a floor
                (useFittingNames in wall-incident.tsx, app/display/wall.css). In a narrow column (a dozen
                agencies at 1080p) names take two lines anyway, and the code sits at their top right instead,
                where the name flows round it, rather than push the status's word under its dot.
                A name is not broken inside a word (break-keep): held in an inline block, one that does not fit
                goes to the next line whole; only a word wider than the column is broken (break-words). */}
            <CodeBadge code={agencies.short(code)} className="hidden @max-[13rem]:block" />
            <h2 data-testid="wall-agency-name" className="wall-agency-name leading-tight font-bold">
              <Bi stack>
                <span data-name-line className="inline-block max-w-full align-top break-words break-keep">
                  <AgencyName code={code} />
                </span>
              </Bi>
            </h2>
          </div>
        </div>
        <div className="@container">
          <div className="flow-root px-[0.6rem] pt-[0.25rem] @max-[13rem]:px-[0.4rem]">
            {/* The code beside the status, at the right: the short name the timeline and the messages use. */}
            <CodeBadge code={agencies.short(code)} className="@max-[13rem]:hidden" />
            <p data-testid="wall-agency-status" data-left-work={left} className="text-[1rem] leading-tight font-semibold">
              {participating ? (
                <>
                  <span
                    aria-hidden
                    className={cx('mr-[0.3rem] inline-block size-[0.7rem] rounded-full', status === null && 'border-[0.12rem] border-(--wall-muted)')}
                    style={{ backgroundColor: agencyStatusColor(status) }}
                  />
                  {left > 0 ? (
                    // Amber, as the overdue count (a filled box reads on both themes), and in words: "收队 · 3 项未完成".
                    <span className="rounded-[0.25rem] bg-amber-400 px-[0.3rem] text-black [box-decoration-break:clone]">
                      <Bi>
                        <AgencyStatusWord status={status} /> · <WallText k="leftUnfinished" values={{ count: left }} />
                      </Bi>
                    </span>
                  ) : (
                    <Bi>
                      <AgencyStatusWord status={status} />
                    </Bi>
                  )}
                </>
              ) : (
                <Bi>
                  <WallText k="left" />
                </Bi>
              )}
            </p>
          </div>
        </div>
        <div className="@container">
          <div className="px-[0.6rem] pt-[0.4rem] pb-[0.5rem] @max-[13rem]:px-[0.4rem]">
            {/* In a narrow column (a dozen agencies at 1080p) the labels shrink with it and never break inside a word (app/display/wall.css). */}
            <dl data-testid="wall-counts" className="grid grid-cols-3 gap-[0.3rem] text-center @max-[13rem]:gap-[0.2rem]">
              <Count value={counts.active} label="active" />
              <Count value={counts.blocked} label="blocked" alarm={counts.blocked > 0} icon={<BlockedIcon />} />
              <Count value={counts.overdue} label="overdue" alarm={counts.overdue > 0} icon={<ClockIcon />} amber />
            </dl>
          </div>
        </div>
      </header>
      {/* The cards and the finished count share the column's last grid row (wall-incident.tsx). */}
      <div className="@container flex min-h-0 flex-col">
        <PagedList
          mode="page"
          items={items}
          className="px-[0.45rem]"
          header={(group, measuring) => <GroupHeader status={group as TaskStatus} count={ordered.filter((t) => t.status === group).length} measuring={measuring} />}
          empty={
            <p className="px-[0.2rem] py-[0.5rem] text-[0.95rem] text-(--wall-muted)">
              <Bi>
                <WallText k="noTasks" />
              </Bi>
            </p>
          }
        />
        {(counts.done > 0 || counts.cancelled > 0) && (
          <p data-testid="wall-finished" className="shrink-0 border-t border-(--wall-line) px-[0.6rem] py-[0.25rem] text-[0.85rem] leading-tight break-keep text-(--wall-muted)">
            <Bi stack>
              <WallText k="finished" values={{ done: counts.done, cancelled: counts.cancelled }} />
            </Bi>
          </p>
        )}
      </div>
    </section>
  );
}

/** The agency's code (shown in one of two places, by the column's width: WallColumn). */
function CodeBadge({ code, className }: { code: string; className: string }) {
  return <span className={cx('float-right ml-[0.4rem] rounded border border-(--wall-line) px-[0.3rem] text-[0.8rem] font-bold', className)}>{code}</span>;
}

function agencyStatusColor(status: string | null): string {
  switch (status) {
    case 'on_scene':
      return '#22c55e';
    case 'en_route':
      return '#f59e0b';
    case 'notified':
      return '#60a5fa';
    case 'standing_down':
      return '#94a3b8';
    default:
      return 'transparent';
  }
}

function Count({ value, label, alarm = false, amber = false, icon }: { value: number; label: 'active' | 'blocked' | 'overdue'; alarm?: boolean; amber?: boolean; icon?: ReactNode }) {
  return (
    <div
      data-count={label}
      data-value={value}
      className={cx(
        'flex min-w-0 flex-col rounded-[0.3rem] border border-(--wall-line) px-[0.2rem] py-[0.15rem] @max-[13rem]:px-0',
        alarm && (amber ? 'border-amber-400 bg-amber-400 text-black' : 'border-red-700 bg-red-700 text-white'),
      )}
    >
      <dt className="wall-count-label text-[0.85rem] leading-tight font-semibold break-keep">
        <Bi stack>
          <WallText k={`overview.${label}`} />
        </Bi>
      </dt>
      {/* The icon repeats what the colour and the label say; a narrow column has no room for it beside two digits. */}
      <dd className="order-first flex items-center justify-center gap-[0.25rem] text-[1.35rem] leading-tight font-bold tabular-nums @max-[13rem]:[&>svg]:hidden">
        {alarm && icon}
        {value}
      </dd>
    </div>
  );
}

function GroupHeader({ status, count, measuring }: { status: TaskStatus; count: number; measuring: boolean }) {
  return (
    <h3
      data-testid={measuring ? undefined : 'wall-group'}
      data-status={status}
      className="wall-group-title mb-[0.3rem] flex items-center gap-[0.4rem] border-b-[0.15rem] pt-[0.2rem] pb-[0.1rem] text-[0.9rem] font-bold tracking-wide uppercase"
      style={{ borderBottomColor: STATUS_EDGE[status] }}
    >
      {status === 'blocked' && <BlockedIcon />}
      {/* On an English wall sized to the column (app/display/wall.css); broken only if it still does not fit. */}
      <span className="min-w-0 flex-1 [overflow-wrap:anywhere]">
        <Bi>
          <TaskStatusWord status={status} />
        </Bi>
      </span>
      <span className="tabular-nums">{count}</span>
    </h3>
  );
}

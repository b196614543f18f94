import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type {
  AddFindingRequest,
  AddImprovementRequest,
  AmendFindingRequest,
  ChangeImprovementStatusRequest,
  Finding,
  ImprovementItem,
  ReinstateFindingRequest,
  WithdrawFindingRequest,
} from '../../protocol/review';
import { queryKeys } from '../query-keys';
import { fetchJson } from './fetch-json';

/** The writes of the review log (SPEC REV3): findings and their corrections, improvement items, their status. */

const base = (incidentId: string) => `/api/incidents/${encodeURIComponent(incidentId)}/review`;
const FindingResponse = z.looseObject({ ok: z.literal(true), finding: z.looseObject({ id: z.string() }), duplicate: z.boolean() });
const CorrectionResponse = z.looseObject({ ok: z.literal(true), finding: z.looseObject({ id: z.string() }), changed: z.boolean(), duplicate: z.boolean() });
const ItemResponse = z.looseObject({ ok: z.literal(true), item: z.looseObject({ id: z.string(), status: z.string() }) });

export async function addFinding(incidentId: string, body: AddFindingRequest): Promise<Finding> {
  const r = await fetchJson(`${base(incidentId)}/findings`, { method: 'POST', body, schema: FindingResponse });
  return r.finding as unknown as Finding;
}

/**
 * A correction of a finding: amend (a new wording), withdraw (with a reason) or reinstate (a
 * withdrawn one, optionally with a reason), each a new entry of the log. `kind` names its route.
 */
export type FindingCorrection =
  | ({ kind: 'amend'; findingId: string } & AmendFindingRequest)
  | ({ kind: 'withdraw'; findingId: string } & WithdrawFindingRequest)
  | ({ kind: 'reinstate'; findingId: string } & ReinstateFindingRequest);

export async function correctFinding(incidentId: string, v: FindingCorrection): Promise<Finding> {
  const { kind, findingId, ...body } = v;
  const r = await fetchJson(`${base(incidentId)}/findings/${encodeURIComponent(findingId)}/${kind}`, { method: 'POST', body, schema: CorrectionResponse });
  return r.finding as unknown as Finding;
}

export async function addImprovement(incidentId: string, body: AddImprovementRequest): Promise<ImprovementItem> {
  const r = await fetchJson(`${base(incidentId)}/improvements`, { method: 'POST', body, schema: ItemResponse });
  return r.item as unknown as ImprovementItem;
}

export async function changeImprovementStatus(
  incidentId: string,
  itemId: string,
  body: ChangeImprovementStatusRequest,
): Promise<ImprovementItem> {
  const r = await fetchJson(`${base(incidentId)}/improvements/${encodeURIComponent(itemId)}/status`, {
    method: 'POST',
    body,
    schema: ItemResponse,
  });
  return r.item as unknown as ImprovementItem;
}

/** Every write refreshes the review log, also when it failed (a CONFLICT means it changed). */
function useReviewMutation<V, R>(incidentId: string, fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.incidents.review(incidentId) }),
  });
}

export const useAddFinding = (incidentId: string) =>
  useReviewMutation(incidentId, (body: AddFindingRequest) => addFinding(incidentId, body));
export const useAddImprovement = (incidentId: string) =>
  useReviewMutation(incidentId, (body: AddImprovementRequest) => addImprovement(incidentId, body));
export const useChangeImprovementStatus = (incidentId: string) =>
  useReviewMutation(incidentId, (v: { itemId: string } & ChangeImprovementStatusRequest) => {
    const { itemId, ...body } = v;
    return changeImprovementStatus(incidentId, itemId, body);
  });
export const useCorrectFinding = (incidentId: string) =>
  useReviewMutation(incidentId, (v: FindingCorrection) => correctFinding(incidentId, v));

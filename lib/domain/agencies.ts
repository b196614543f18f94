import { z } from 'zod';
import { LIMITS } from './limits';
import { cleanText } from './text';

/**
 * Agency codes key plain objects (agency status, counts per agency), so a code
 * may not be a name objects already carry: `record[code]` would find something
 * that is not there. The pattern below leaves only these two possible.
 */
const OBJECT_NAMES: ReadonlySet<string> = new Set(['constructor', 'prototype']);

export const AgencyCode = z
  .string()
  .min(2)
  .max(LIMITS.agencyCode)
  .regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes')
  .refine((code) => !OBJECT_NAMES.has(code), 'a name every JavaScript object already has');

/** An agency's colour as written: #rrggbb (either case). */
export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
export const isHexColour = (value: string): boolean => HEX_COLOUR.test(value);

export const Agency = z.strictObject({
  code: AgencyCode,
  nameZh: cleanText(z.string().trim().min(1).max(LIMITS.name)),
  nameEn: cleanText(z.string().trim().min(1).max(LIMITS.name)),
  /** Short label shown on cards, e.g. "CUS". */
  short: cleanText(z.string().trim().min(1).max(LIMITS.agencyShort)),
  /** #rrggbb; never the only signal: the name is always shown too. */
  color: z.string().regex(HEX_COLOUR),
});
export type Agency = z.infer<typeof Agency>;

/** The agencies of domain.md, present on first start; the admin can add and edit. */
export const DEFAULT_AGENCIES: readonly Agency[] = [
  { code: 'customs', nameZh: '海关', nameEn: 'Customs', short: 'CUS', color: '#1d4ed8' },
  { code: 'border', nameZh: '边检', nameEn: 'Border Inspection', short: 'BDR', color: '#047857' },
  { code: 'fire', nameZh: '消防救援', nameEn: 'Fire and Rescue', short: 'FIRE', color: '#dc2626' },
  { code: 'maritime', nameZh: '海事', nameEn: 'Maritime Safety', short: 'MSA', color: '#0e7490' },
  { code: 'port', nameZh: '港口运营', nameEn: 'Port Operator', short: 'PORT', color: '#b45309' },
  { code: 'medical', nameZh: '医疗急救', nameEn: 'Emergency Medical', short: 'EMS', color: '#be185d' },
  { code: 'police', nameZh: '公安', nameEn: 'Public Security Police', short: 'POL', color: '#6b21a8' },
];

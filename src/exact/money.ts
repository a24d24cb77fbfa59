/**
 * Money and score types. They are Decimals with a brand, so a yuan amount cannot be passed
 * where a score or a share is expected without saying so.
 */
import { Decimal } from './decimal';

export type Yuan = Decimal & { readonly __unit: 'yuan' };
export type Score = Decimal & { readonly __unit: 'score' };
export type Share = Decimal & { readonly __unit: 'share' };

export const yuan = (v: Decimal | string | number): Yuan => new Decimal(v) as Yuan;
export const score = (v: Decimal | string | number): Score => new Decimal(v) as Score;
export const share = (v: Decimal | string | number): Share => new Decimal(v) as Share;

/** 1 万元 = 10,000 元; 1 亿元 = 100,000,000 元. */
export const WAN = new Decimal(10000);
export const YI = new Decimal(100000000);
export const wanToYuan = (wan: Decimal | string): Yuan => new Decimal(wan).times(WAN) as Yuan;

/** Published rounding unit (docs/rules.md §2.5): whole yuan by default, or fen (0.01 yuan). */
export type RoundingUnit = 'yuan' | 'fen';
export const unitSize = (unit: RoundingUnit): Decimal => new Decimal(unit === 'yuan' ? 1 : '0.01');

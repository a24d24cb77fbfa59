/**
 * 温政办〔2023〕90号 三、（五）（自负超12万元部分化解，家庭封顶10万元；市级每年2000万元；各试点县1:1配套）
 * and 一、工作目标（5个加快发展县和洞头区试点）: the edition's parameters as exact decimals.
 * Every value comes from the edition file (src/policies/medical-relief/*.json), none from code.
 */
import { Decimal } from '../../exact/decimal';
import type { MedicalReliefEdition } from '../../policies/edition';

export interface ReliefParameters {
  /** Document number, e.g. 温政办〔2023〕90号. */
  document: string;
  /** First day the edition is in force (yyyy-mm-dd). */
  effectiveFrom: string;
  /** 三、（五）: self-pay above this is relieved (120,000 元). */
  threshold: Decimal;
  /** 三、（五）: family cap (100,000 元). */
  cap: Decimal;
  /** 三、（五）: city fund raised per year (20,000,000 元). */
  cityFundPerYear: Decimal;
  /** 三、（五）: local matching per yuan of city fund (1 = 1:1). */
  localMatchRatio: Decimal;
  /** 一、工作目标: pilot counties of the edition (the default of the setting pilotCounties). */
  pilotCounties: string[];
  articles: { threshold: string; cap: string; cityFundPerYear: string; localMatchRatio: string; pilotCounties: string };
}

/** 温政办〔2023〕90号 三、（五）and 一、工作目标: read the parameters of an edition. */
export function reliefParameters(edition: MedicalReliefEdition): ReliefParameters {
  const p = edition.parameters;
  return {
    document: edition.document,
    effectiveFrom: edition.effectiveFrom,
    threshold: new Decimal(p.selfPayThreshold.value),
    cap: new Decimal(p.familyCap.value),
    cityFundPerYear: new Decimal(p.cityFundPerYear.value),
    localMatchRatio: new Decimal(p.localMatchRatio.value),
    pilotCounties: [...p.pilotCounties.value],
    articles: {
      threshold: p.selfPayThreshold.article,
      cap: p.familyCap.article,
      cityFundPerYear: p.cityFundPerYear.article,
      localMatchRatio: p.localMatchRatio.article,
      pilotCounties: p.pilotCounties.article,
    },
  };
}

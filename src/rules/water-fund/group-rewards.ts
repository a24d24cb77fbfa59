/**
 * 温政办函〔2023〕28号 第十条 — 奖励部分 (reward part, 3000万元) by rank within the two groups.
 *
 * 第十条: 专项资金奖励部分3000万元，其中列入山区26县的文成、泰顺为考核A组，得分第一名奖励1100万元，
 * 第二名奖励900万元；瑞安、瓯海为考核B组，得分第一名奖励600万元，第二名奖励400万元。
 *
 * Ranking: by assessment score (第十一条), highest first, scores compared exactly (to 20 decimal
 * places via compareForTie), competition ranking (1, 1, 3).
 * Gaps fixed by docs/rules.md §2.4:
 *  - a 考核组 given in the input may put a county in another group than 第十条 names (or give a
 *    group to a county 第十条 does not name): allowed — the county is ranked in the group given —
 *    but warned about, naming the cell (assignGroups);
 *  - a tie within a group: the tied counties share the tied places' amounts equally
 *    (A tie → (1100 + 900) / 2 = 1000万 each), flagged 并列;
 *  - a county outside groups A and B gets no reward;
 *  - places without a county are not paid: the reward total is the sum of places paid, with a
 *    warning when it is below 3000万 (e.g. a group with one county).
 * Amounts here are exact; a tied sum that does not divide evenly (three-way tie) is published by
 * largest remainder in allocate-fund.ts.
 */
import { Decimal, ZERO, sum, compareForTie } from '../../exact/decimal';
import type { GroupParam, RewardGroup } from './parameters';
import { defaultGroup } from './parameters';

export interface RewardEntry {
  county: string;
  group: RewardGroup | null;
  /** Assessment score; required for a county in a group. */
  score: Decimal | null;
}

export interface Placement {
  group: RewardGroup | null;
  /** Competition rank within the group (1-based), null outside the groups. */
  rank: number | null;
  tied: boolean;
  /** Exact reward in yuan (may be non-terminating for a three-way tie). */
  reward: Decimal;
}

/** The counties sharing one rank in a group (one county when not tied) and the places' sum. */
export interface PaySet {
  group: RewardGroup;
  rank: number;
  /** Indexes into the entries, in input order. */
  members: number[];
  /** The amounts of places rank … rank + members − 1 added up (yuan). */
  amount: Decimal;
}

export type RewardIssue =
  /** `amount`: the tied places' sum; `amountEach` = amount ÷ members (exact, may not terminate). */
  | { code: 'tie'; group: RewardGroup; rank: number; members: number[]; amount: Decimal; amountEach: Decimal }
  | { code: 'no-group'; index: number }
  | { code: 'group-short'; group: RewardGroup; counties: number; places: number; unpaid: Decimal }
  | { code: 'group-over'; group: RewardGroup; counties: number; places: number }
  | { code: 'total-short'; paid: Decimal; rewardTotal: Decimal }
  | { code: 'missing-score'; index: number }
  /** A 考核组 given in the input differs from 第十条's group of the county (null: 第十条 names none). */
  | { code: 'group-override'; index: number; given: RewardGroup; byName: RewardGroup | null };

export interface GroupSummary {
  group: RewardGroup;
  label: string;
  counties: number;
  places: number;
  paid: Decimal;
}

export interface GroupRewards {
  placements: Placement[];
  paySets: PaySet[];
  groups: GroupSummary[];
  /** Sum of places paid (yuan). */
  paid: Decimal;
  /** Warnings (and 'missing-score', which is a caller error). */
  issues: RewardIssue[];
}

/**
 * 温政办函〔2023〕28号 第十条: each county's group — the 考核组 given in the input, else the group
 * 第十条 names it in (文成、泰顺 A; 瑞安、瓯海 B), else none — and a 'group-override' warning for each
 * given group that differs from 第十条's (docs/rules.md §2.4).
 */
export function assignGroups(
  entries: ReadonlyArray<{ county: string; override?: RewardGroup | null }>, groups: readonly GroupParam[],
): { groups: (RewardGroup | null)[]; issues: RewardIssue[] } {
  const issues: RewardIssue[] = [];
  const out = entries.map((e, index) => {
    const byName = defaultGroup(e.county, groups);
    if (e.override === null || e.override === undefined) return byName;
    if (e.override !== byName) issues.push({ code: 'group-override', index, given: e.override, byName });
    return e.override;
  });
  return { groups: out, issues };
}

/**
 * 温政办函〔2023〕28号 第十条: rank each group and pay its places.
 * @param rewardTotal 奖励部分 in yuan (第八条、第十条), only for the "less than the whole" warning.
 */
export function groupRewards(entries: readonly RewardEntry[], groups: readonly GroupParam[], rewardTotal: Decimal): GroupRewards {
  const issues: RewardIssue[] = [];
  const placements: Placement[] = entries.map((e) => ({ group: e.group, rank: null, tied: false, reward: ZERO }));
  const paySets: PaySet[] = [];
  const summaries: GroupSummary[] = [];

  entries.forEach((e, index) => {
    if (e.group === null) issues.push({ code: 'no-group', index });
    else if (e.score === null) issues.push({ code: 'missing-score', index });
  });

  for (const g of groups) {
    const members = entries.map((e, i) => i).filter((i) => entries[i].group === g.group && entries[i].score !== null);
    const ordered = [...members].sort((a, b) => {
      const c = compareForTie(entries[b].score!, entries[a].score!);
      return c !== 0 ? c : a - b;
    });
    let paid = ZERO;
    let pos = 0;
    while (pos < ordered.length) {
      let end = pos + 1;
      while (end < ordered.length && compareForTie(entries[ordered[end]].score!, entries[ordered[pos]].score!) === 0) end++;
      const set = ordered.slice(pos, end).sort((a, b) => a - b);
      const rank = pos + 1;
      const amount = sum(g.prizes.slice(pos, end));
      const each = amount.dividedBy(set.length);
      for (const i of set) placements[i] = { group: g.group, rank, tied: set.length > 1, reward: each };
      paySets.push({ group: g.group, rank, members: set, amount });
      if (set.length > 1) issues.push({ code: 'tie', group: g.group, rank, members: set, amount, amountEach: each });
      paid = paid.plus(amount);
      pos = end;
    }
    if (members.length < g.prizes.length) {
      issues.push({ code: 'group-short', group: g.group, counties: members.length, places: g.prizes.length, unpaid: sum(g.prizes.slice(members.length)) });
    } else if (members.length > g.prizes.length) {
      issues.push({ code: 'group-over', group: g.group, counties: members.length, places: g.prizes.length });
    }
    summaries.push({ group: g.group, label: g.label, counties: members.length, places: g.prizes.length, paid });
  }
  const paid = sum(summaries.map((s) => s.paid));
  if (paid.lessThan(rewardTotal)) issues.push({ code: 'total-short', paid, rewardTotal });
  return { placements, paySets, groups: summaries, paid, issues };
}

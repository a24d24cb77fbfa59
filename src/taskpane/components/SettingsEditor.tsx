/**
 * Settings of the chosen calculation, in Chinese: the edition in force, then each setting as a
 * Chinese choice (never an option code), with what it means and its default (model.ts settingUi).
 * A changed setting is marked 已修改; every setting and whether it was changed is recorded on the
 * result's parameter sheet.
 */
import * as React from 'react';
import { Badge, Field, Input, Select } from '@fluentui/react-components';
import type { SettingDescriptor } from '../../calculators/types';
import type { EditionInfo } from '../model';
import { TIE_BREAK_INDICATORS, WHAT_IF_WEIGHT_FACTORS, choiceValue, displayValue, settingUi, tieBreakList, weightsList } from '../model';
import { DateField } from './DateField';

export interface SettingsEditorProps {
  edition: EditionInfo;
  descriptors: SettingDescriptor[];
  /** What the user typed, by key (shown as typed; the descriptor's value otherwise). */
  values?: Record<string, string>;
  /** Keys not shown (e.g. the 第六条 weights while no what-if sheet is chosen). */
  hiddenKeys?: string[];
  onChange(key: string, value: string): void;
  error: string | null;
  /** Shown after the settings (the what-if sheet of the water fund). */
  children?: React.ReactNode;
}

function Label({ d }: { d: SettingDescriptor }): React.ReactElement {
  return (
    <>
      {d.label} {d.changed ? <Badge size="small" color="warning" appearance="tint">已修改</Badge> : null}
    </>
  );
}

function hintOf(d: SettingDescriptor): string {
  return `${settingUi(d).hint} 默认：${displayValue(d, d.defaultValue)}。`;
}

/** 总分并列时的区分指标: the indicators compared in turn, each chosen from a Chinese list. */
function TieBreak({ d, value, onChange }: { d: SettingDescriptor; value: string; onChange(v: string): void }): React.ReactElement {
  const list = tieBreakList(value);
  const set = (i: number, code: string): void => {
    const next = list.slice(0, i);
    if (code) next.push(code);
    onChange(next.length === 0 ? 'none' : next.join(','));
  };
  const selects = [];
  for (let i = 0; i <= Math.min(list.length, TIE_BREAK_INDICATORS.length - 1); i++) {
    const taken = list.slice(0, i);
    const options = TIE_BREAK_INDICATORS.filter((x) => !taken.includes(x.value));
    selects.push(
      <Select key={i} className="wz-fill" aria-label={i === 0 ? d.label : `${d.label}：第 ${i + 1} 个比较指标`} value={list[i] ?? ''} onChange={(_e, data) => set(i, data.value)}>
        <option value="">{i === 0 ? '不区分（并列者名次、星级相同）' : '不再比较'}</option>
        {options.map((o) => <option key={o.value} value={o.value}>{i === 0 ? `先比较${o.label}` : `再比较${o.label}`}</option>)}
      </Select>,
    );
  }
  return (
    <Field label={{ children: <Label d={d} /> }} hint={hintOf(d)} data-setting={d.key}>
      <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>{selects}</div>
    </Field>
  );
}

/** 用水区域分担测算权重: three numbers (用水量, 人口, 用水结构). */
function Weights({ d, value, onChange }: { d: SettingDescriptor; value: string; onChange(v: string): void }): React.ReactElement {
  const parts = weightsList(value);
  return (
    <Field label={{ children: <Label d={d} /> }} hint={hintOf(d)} data-setting={d.key}>
      <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap' }}>
        {WHAT_IF_WEIGHT_FACTORS.map((f, i) => (
          <label key={f.value} style={{ display: 'flex', alignItems: 'center', gap: 4, flex: '1 1 90px', minWidth: 0 }}>
            <span>{f.label}</span>
            <Input
              aria-label={`${d.label}：${f.label}`}
              inputMode="decimal"
              value={parts[i]}
              onChange={(_e, data) => onChange(parts.map((p, j) => (j === i ? data.value.trim() : p)).join(','))}
              style={{ minWidth: 0, width: '100%' }}
            />
          </label>
        ))}
      </div>
    </Field>
  );
}

export function SettingsEditor({ edition, descriptors, values = {}, hiddenKeys = [], onChange, error, children }: SettingsEditorProps): React.ReactElement {
  const shown = descriptors.filter((d) => !hiddenKeys.includes(d.key));
  return (
    <section aria-label="测算参数" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <p className="wz-step-note" data-testid="edition">
        {edition.draft ? `草案版本「${edition.draft}」：` : '适用政策：'}{edition.document}《{edition.title}》，有效期 {edition.effectiveFrom} 至 {edition.effectiveTo ?? '长期'}
      </p>
      {edition.warning ? <p className="wz-warn-text" style={{ margin: 0 }}>{edition.warning}</p> : null}
      <div className="wz-fields">
        {shown.map((d) => {
          const ui = settingUi(d);
          const typed = values[d.key] ?? d.value;
          switch (ui.control.kind) {
            case 'date':
              return <div key={d.key} data-setting={d.key}><DateField label={<Label d={d} />} name={d.label.replace(/（.*$/, '')} value={typed} hint={hintOf(d)} onChange={(v) => onChange(d.key, v)} /></div>;
            case 'tie-break':
              return <TieBreak key={d.key} d={d} value={typed} onChange={(v) => onChange(d.key, v)} />;
            case 'weights':
              return <Weights key={d.key} d={d} value={typed} onChange={(v) => onChange(d.key, v)} />;
            case 'choice': {
              const choices = ui.control.choices;
              const current = choiceValue(ui.control, d.value);
              return (
                <Field key={d.key} label={{ children: <Label d={d} /> }} hint={hintOf(d)} data-setting={d.key}>
                  <Select className="wz-fill" aria-label={d.label} value={current} onChange={(_e, data) => onChange(d.key, data.value)}>
                    {choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
                  </Select>
                </Field>
              );
            }
            default:
              return (
                <Field key={d.key} label={{ children: <Label d={d} /> }} hint={hintOf(d)} data-setting={d.key}>
                  <Input className="wz-fill" aria-label={d.label} value={typed} onChange={(_e, data) => onChange(d.key, data.value)} />
                </Field>
              );
          }
        })}
        {children}
      </div>
      {shown.length > 0 ? <p className="wz-hint">修改的设置会记录在结果的参数工作表中。</p> : null}
      {error ? <p role="alert" className="wz-error-text" style={{ margin: 0 }}>{error}</p> : null}
    </section>
  );
}

/** Settings from the policy edition: the edition in force, each setting with its default and source. */
import * as React from 'react';
import { Badge, Field, Input, Select, Text, tokens } from '@fluentui/react-components';
import type { SettingDescriptor } from '../../calculators/types';
import type { EditionInfo } from '../model';

/** Settings with a fixed set of values get a drop-down (policy-rules.md 1.2 degenerateRange, 2.5 unit). */
const CHOICES: Record<string, Array<{ value: string; label: string }>> = {
  degenerateRange: [{ value: 'full', label: 'full：全部得满分' }, { value: 'zero', label: 'zero：全部得 0 分' }],
  unit: [{ value: 'yuan', label: 'yuan：取整到元' }, { value: 'fen', label: 'fen：取整到分' }],
};

export interface SettingsEditorProps {
  edition: EditionInfo;
  descriptors: SettingDescriptor[];
  /** What the user typed, by key (shown as typed; the descriptor's value otherwise). */
  values?: Record<string, string>;
  /** Keys shown elsewhere in the pane (the 评定基准日 field). */
  hiddenKeys?: string[];
  onChange(key: string, value: string): void;
  error: string | null;
}

export function SettingsEditor({ edition, descriptors, values = {}, hiddenKeys = [], onChange, error }: SettingsEditorProps): React.ReactElement {
  const shown = descriptors.filter((d) => !hiddenKeys.includes(d.key));
  return (
    <section aria-label="测算参数">
      <Text as="p" size={200} data-testid="edition">
        {edition.draft ? `草案版本「${edition.draft}」：` : '适用政策：'}{edition.document}《{edition.title}》，有效期 {edition.effectiveFrom} 至 {edition.effectiveTo ?? '长期'}
      </Text>
      {edition.warning ? <Text as="p" size={200} style={{ color: tokens.colorPaletteMarigoldForeground1 }}>{edition.warning}</Text> : null}
      {shown.map((d) => {
        const choices = CHOICES[d.key];
        // Descriptors show values with an explanation ("yuan（元，取整到元）"): match the choice by prefix.
        const choice = choices?.find((c) => d.value === c.value || d.value.startsWith(c.value));
        const hint = `默认：${d.defaultValue}；依据：${d.source}`;
        const label = (
          <>
            {d.label} {d.changed ? <Badge size="small" color="warning" appearance="tint">已修改</Badge> : null}
          </>
        );
        return (
          <Field key={d.key} label={{ children: label }} hint={hint} data-setting={d.key}>
            {choices && choice ? (
              <Select aria-label={d.label} value={choice.value} onChange={(_e, data) => onChange(d.key, data.value)}>
                {choices.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
              </Select>
            ) : (
              <Input aria-label={d.label} value={values[d.key] ?? d.value} onChange={(_e, data) => onChange(d.key, data.value)} />
            )}
          </Field>
        );
      })}
      {shown.length > 0 ? <Text as="p" size={100}>修改的设置会记录在结果的参数工作表中。</Text> : null}
      {error ? <Text as="p" role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>{error}</Text> : null}
    </section>
  );
}

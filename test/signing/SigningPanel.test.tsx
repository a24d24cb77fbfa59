/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/**
 * The signing panel in jsdom with Node's WebCrypto: generate a non-extractable key, sign a
 * workbook (three files handed over together), verify it ✓, verify a tampered one ✗; in Excel
 * mode through a fake Office.js runner.
 */
import { webcrypto } from 'crypto';
import { TextDecoder, TextEncoder } from 'util';
import * as React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import '../taskpane/async-timeout';

/**
 * Node's WebCrypto behind a thin cross-realm adapter: jest's jsdom sandbox has its own typed-array
 * constructors, which Node's WebCrypto does not accept; copy them into Node Buffers (a browser
 * has one realm and needs none of this).
 */
const TYPED = /^\[object (ArrayBuffer|DataView|(Big)?(Ui|I)nt(8|16|32|64)(Clamped)?Array|Float(32|64)Array)\]$/;
function toNode(v: unknown): unknown {
  const tag = Object.prototype.toString.call(v);
  if (tag === '[object ArrayBuffer]') return Buffer.from(new Uint8Array(v as ArrayBuffer));
  if (TYPED.test(tag)) {
    const view = v as ArrayBufferView;
    return Buffer.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  }
  if (v && typeof v === 'object' && tag === '[object Object]') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toNode(x)]));
  }
  return v;
}
const subtleAdapter = new Proxy(webcrypto.subtle, {
  get(target, prop) {
    const f = (target as unknown as Record<string | symbol, unknown>)[prop];
    return typeof f === 'function' ? (...args: unknown[]) => (f as (...a: unknown[]) => unknown).apply(target, args.map(toNode)) : f;
  },
});
const cryptoAdapter = {
  subtle: subtleAdapter,
  getRandomValues<T extends ArrayBufferView>(array: T): T {
    const bytes = webcrypto.getRandomValues(Buffer.alloc(array.byteLength));
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
    return array;
  },
  randomUUID: () => webcrypto.randomUUID(),
};
Object.defineProperty(globalThis, 'crypto', { value: cryptoAdapter, configurable: true });
Object.assign(globalThis, { TextEncoder, TextDecoder });
// jsdom has no ResizeObserver (Fluent's MessageBar measures itself); a no-op one is enough.
class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver ??= NoResizeObserver;

import { SigningPanel, type SignedFile } from '../../src/taskpane/signing/SigningPanel';
import { MemorySignerStore } from '../../src/signing/signer-store';
import { MemoryStore } from '../../src/taskpane/store';
import type { PaneHost } from '../../src/taskpane/host';
import { resultWorkbook } from './helpers';
import { setNumberCell } from './zip-edit';
import type { ExcelSigningRunner } from '../../src/signing/office-signing';

const standalone: PaneHost = {
  mode: 'standalone',
  store: new MemoryStore(),
  today: '2024-06-30',
  openFile: async () => {
    throw new Error('not used');
  },
};

function ui(el: React.ReactElement) {
  return render(<FluentProvider theme={webLightTheme}>{el}</FluentProvider>);
}

function fileOf(bytes: Uint8Array, name: string): File {
  const f = new File([bytes as unknown as BlobPart], name);
  // jsdom's File lacks arrayBuffer/text in some versions
  Object.assign(f, {
    arrayBuffer: async () => bytes.slice().buffer,
    text: async () => new TextDecoder().decode(bytes),
  });
  return f;
}

async function generateKey(store: MemorySignerStore) {
  fireEvent.change(screen.getByLabelText('签名人姓名'), { target: { value: '张三' } });
  fireEvent.change(screen.getByLabelText('单位'), { target: { value: '温州市财政局' } });
  fireEvent.click(screen.getByRole('button', { name: '生成签名密钥和证书' }));
  await waitFor(() => expect(screen.getByTestId('fingerprint').textContent).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/), { timeout: 10_000 });
  const saved = await store.load();
  expect(saved?.key.extractable).toBe(false);
}

test('standalone page: generate a key, sign (three files together), verify ✓, tampered ✗', async () => {
  const store = new MemorySignerStore();
  const signed: SignedFile[][] = [];
  const input = await resultWorkbook();
  ui(
    <SigningPanel
      host={standalone}
      writtenSheets={null}
      signerStore={store}
      getWorkbookBytes={async () => ({ bytes: input.slice().buffer, name: '总部企业星级评定-结果.xlsx' })}
      onSigned={(files) => signed.push(files)}
    />,
  );
  await generateKey(store);
  fireEvent.click(screen.getByRole('button', { name: '签章' }));
  await waitFor(() => expect(signed.length).toBe(1), { timeout: 15_000 });
  expect(signed[0].map((f) => f.name)).toEqual([
    '总部企业星级评定-结果-已签章.xlsx',
    '总部企业星级评定-结果-已签章.payload.json',
    '总部企业星级评定-结果-已签章.payload.json.p7s',
  ]);

  // verify the signed file
  const [xlsx, payload] = signed[0];
  fireEvent.change(screen.getByLabelText('工作簿文件'), { target: { files: [fileOf(xlsx.bytes, xlsx.name)] } });
  fireEvent.click(screen.getByRole('button', { name: '验证签章' }));
  await waitFor(() => expect(screen.getByTestId('verify-report').textContent).toContain('✓ 签章验证通过'), { timeout: 15_000 });
  expect(screen.getByTestId('verify-report').textContent).toContain('签名有效，但签名人未与受信任证书核对');

  // a tampered copy, with the payload at hand: names sheet and cell
  const tampered = new Uint8Array(setNumberCell(Buffer.from(xlsx.bytes), 3, 'C2', 99));
  fireEvent.change(screen.getByLabelText('工作簿文件'), { target: { files: [fileOf(tampered, 'x.xlsx')] } });
  fireEvent.change(screen.getByLabelText('签名内容文件'), { target: { files: [fileOf(payload.bytes, payload.name)] } });
  fireEvent.click(screen.getByRole('button', { name: '验证签章' }));
  await waitFor(() => expect(screen.getByTestId('verify-report').textContent).toContain('✗ 签章验证未通过'), { timeout: 15_000 });
  expect(screen.getByTestId('verify-report').textContent).toContain('星级评定结果!C2：95.5 → 99');
}, 60_000);

test('a legacy or broken .p12 gets a clear Chinese message', async () => {
  ui(<SigningPanel host={standalone} writtenSheets={null} signerStore={new MemorySignerStore()} />);
  fireEvent.change(screen.getByLabelText('PKCS#12 文件'), { target: { files: [fileOf(new Uint8Array([1, 2, 3]), 'a.p12')] } });
  fireEvent.click(screen.getByRole('button', { name: '导入证书' }));
  await waitFor(() => expect(screen.getByText(/不是有效的 PKCS#12/)).toBeTruthy());
});

/** A fake Office.js workbook: sheets as value grids; records what the panel writes. */
function fakeExcel(sheets: Record<string, unknown[][]>): ExcelSigningRunner & { sheets: Record<string, unknown[][]> } {
  const runner = {
    sheets,
    async run<T>(batch: (ctx: never) => Promise<T>): Promise<T> {
      const items = () => Object.keys(runner.sheets).map((name) => ({ name }));
      const ctx = {
        workbook: {
          load: () => undefined,
          use1904DateSystem: false,
          worksheets: {
            load: () => undefined,
            get items() {
              return items();
            },
            getItem: (name: string) => ({
              getUsedRangeOrNullObject: () => {
                const values = runner.sheets[name];
                return {
                  load: () => undefined,
                  isNullObject: values.length === 0,
                  address: `${name}!A1`,
                  values,
                  valueTypes: values.map((r) => r.map((v) => (typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Boolean' : v === '' ? 'Empty' : 'String'))),
                  formulas: values,
                };
              },
            }),
            add: (name: string) => {
              runner.sheets[name] = [];
              return {
                getRange: () => ({
                  format: { font: {}, set verticalAlignment(_v: string) {}, set columnWidth(_v: number) {} },
                  set numberFormat(_v: unknown) {},
                  set values(v: unknown[][]) {
                    runner.sheets[name] = v;
                  },
                }),
                protection: { protect: () => undefined },
              };
            },
          },
        },
        sync: async () => undefined,
      };
      return batch(ctx as never);
    },
  };
  return runner;
}

test('in Excel: signs the open workbook (adds 签章, hands over payload + .p7s) and verifies it', async () => {
  const excel = fakeExcel({
    企业数据: [['名称', '收入'], ['甲', 1 / 3]],
    星级评定结果: [['排名', '总分'], [1, 95.5]],
  });
  const host: PaneHost = { mode: 'excel', store: new MemoryStore(), today: '2024-06-30', workbook: {} as never };
  const signed: SignedFile[][] = [];
  const store = new MemorySignerStore();
  ui(<SigningPanel host={host} writtenSheets={['星级评定结果']} signerStore={store} excel={excel} onSigned={(f) => signed.push(f)} />);
  await generateKey(store);
  fireEvent.click(screen.getByRole('button', { name: '签章' }));
  await waitFor(() => expect(signed.length).toBe(1), { timeout: 15_000 });
  expect(signed[0].map((f) => f.name)).toEqual(['签章.payload.json', '签章.payload.json.p7s']);
  expect(Object.keys(excel.sheets)).toEqual(['企业数据', '星级评定结果', '签章']);
  fireEvent.click(screen.getByRole('button', { name: '验证签章' }));
  await waitFor(() => expect(screen.getByTestId('verify-report').textContent).toContain('✓ 签章验证通过'), { timeout: 15_000 });
  excel.sheets['星级评定结果'][1][1] = 96;
  fireEvent.click(screen.getByRole('button', { name: '验证签章' }));
  await waitFor(() => expect(screen.getByTestId('verify-report').textContent).toContain('工作表「星级评定结果」的内容已改动'), { timeout: 15_000 });
}, 60_000);

/** A relief-like workbook: an input sheet with full ID numbers and a result sheet with masked ones. */
async function workbookWithIds(): Promise<Uint8Array> {
  const ExcelJS = (await import('exceljs')).default;
  const { idCheckChar } = await import('../../src/rules/medical-relief/mask-id');
  const wb = new ExcelJS.Workbook();
  const input = wb.addWorksheet('自负费用明细');
  input.addRow(['家庭编号', '姓名', '身份证号', '综合保障后自负医疗费用（元）']);
  input.addRow(['YJ001', '王静', `33032419490207587${idCheckChar('33032419490207587')}`, 143214.87]);
  wb.addWorksheet('纾困化解明细').addRow(['YJ001', '330324********5872', 23214.87]);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

test('page: signing a workbook with ID numbers warns; 「不签输入表」 leaves the input sheet out', async () => {
  const store = new MemorySignerStore();
  const signed: SignedFile[][] = [];
  const input = await workbookWithIds();
  ui(
    <SigningPanel
      host={standalone}
      writtenSheets={null}
      signerStore={store}
      getWorkbookBytes={async () => ({ bytes: input.slice().buffer, name: '医保纾困-结果.xlsx' })}
      onSigned={(files) => signed.push(files)}
    />,
  );
  await generateKey(store);
  fireEvent.click(screen.getByRole('button', { name: '签章' }));
  await waitFor(() => expect(signed.length).toBe(1), { timeout: 15_000 });
  await waitFor(() => expect(screen.getByText(/注意：签名内容包含完整的身份证号（个人信息）：工作表「自负费用明细」1 个单元格（从 C2 起）/)).toBeTruthy());
  expect(screen.getByText(/医保纾困-结果-已签章\.payload\.json 逐格列出被签的全部值/)).toBeTruthy();
  expect(screen.getByText('如只需证明测算结果，可勾选「不签输入表」后重新签章。')).toBeTruthy();

  fireEvent.click(screen.getByLabelText(/不签输入表/));
  fireEvent.click(screen.getByRole('button', { name: '签章' }));
  await waitFor(() => expect(signed.length).toBe(2), { timeout: 15_000 });
  const payload = JSON.parse(new TextDecoder().decode(signed[1][1].bytes));
  expect(payload.ranges.map((r: { sheet: string }) => r.sheet)).toEqual(['纾困化解明细']);
  expect(payload.notCovered).toEqual([{ role: 'inputs', sheet: '自负费用明细' }]);
  await waitFor(() => expect(screen.queryByText(/注意：签名内容包含完整的身份证号/)).toBeNull());
}, 60_000);

test('in Excel: the verify report names a 签名人 row changed on the 签章 sheet', async () => {
  const excel = fakeExcel({ 企业数据: [['名称', '收入'], ['甲', 1 / 3]], 星级评定结果: [['排名', '总分'], [1, 95.5]] });
  const host: PaneHost = { mode: 'excel', store: new MemoryStore(), today: '2024-06-30', workbook: {} as never };
  const store = new MemorySignerStore();
  const signed: SignedFile[][] = [];
  ui(<SigningPanel host={host} writtenSheets={null} signerStore={store} excel={excel} onSigned={(f) => signed.push(f)} />);
  await generateKey(store);
  fireEvent.click(screen.getByRole('button', { name: '签章' }));
  await waitFor(() => expect(signed.length).toBe(1), { timeout: 15_000 });
  expect(excel.sheets['签章'][1].slice(0, 2)).toEqual(['签名人', '张三']);
  excel.sheets['签章'][1][1] = '市长';
  fireEvent.click(screen.getByRole('button', { name: '验证签章' }));
  await waitFor(() => expect(screen.getByTestId('verify-report').textContent).toContain('签章工作表「签章」B2「签名人」显示「市长」，但签名所记的签名人是「张三」'), {
    timeout: 15_000,
  });
  expect(screen.getByTestId('verify-report').textContent).toContain('✗ 签章验证未通过');
}, 60_000);

test('the page signs exactly the workbook the reviewer chose, named before signing, not the calculation result', async () => {
  const store = new MemorySignerStore();
  const signed: SignedFile[][] = [];
  const result = await resultWorkbook('A');
  const other = await resultWorkbook('B');
  ui(
    <SigningPanel
      host={standalone}
      writtenSheets={null}
      signerStore={store}
      getWorkbookBytes={async () => ({ bytes: result.slice().buffer, name: '总部企业星级评定-结果.xlsx' })}
      onSigned={(files) => signed.push(files)}
    />,
  );
  await generateKey(store);
  expect(screen.getByTestId('sign-target').textContent).toContain('本次测算结果工作簿');
  fireEvent.change(screen.getByLabelText('工作簿文件'), { target: { files: [fileOf(other, '水源地补偿资金-结果.xlsx')] } });
  expect(screen.getByTestId('sign-target').textContent).toContain('所选文件「水源地补偿资金-结果.xlsx」');
  fireEvent.click(screen.getByRole('button', { name: '签章' }));
  await waitFor(() => expect(signed.length).toBe(1), { timeout: 15_000 });
  expect(signed[0][0].name).toBe('水源地补偿资金-结果-已签章.xlsx');
}, 60_000);

test('更换证书 asks before the non-exportable key is deleted; 取消 keeps it', async () => {
  const store = new MemorySignerStore();
  ui(<SigningPanel host={standalone} writtenSheets={null} signerStore={store} />);
  await generateKey(store);
  fireEvent.click(screen.getByRole('button', { name: '更换证书' }));
  expect(screen.getByRole('alertdialog', { name: '确认删除签名密钥' })).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: '取消' }));
  expect(await store.load()).not.toBeNull();
  fireEvent.click(screen.getByRole('button', { name: '更换证书' }));
  fireEvent.click(screen.getByRole('button', { name: '确认删除' }));
  await waitFor(async () => expect(await store.load()).toBeNull());
  expect(screen.getByRole('button', { name: '生成签名密钥和证书' })).toBeTruthy();
}, 60_000);

/**
 * 签章 / 验证签章 in the task pane and on the standalone page (issue 4).
 *
 * The signer: a fresh EC P-256 key generated here — NON-extractable, kept as a CryptoKey in
 * IndexedDB — with a self-signed certificate, or a PKCS#12 (.p12/.pfx) imported with its password
 * (PBES2/AES as OpenSSL 3 writes it; a legacy 3DES/RC2 file gets the command to convert it).
 * The certificate's SHA-256 fingerprint is shown so whoever verifies can pin it.
 *
 * Standalone page: signs a workbook file (the one handed over by `getWorkbookBytes`, else one the
 * user picks) and downloads the three files together: X-已签章.xlsx, .payload.json, .payload.json.p7s.
 * In Excel: reads the open workbook through Office.js, adds the protected 签章 sheet (which holds
 * the CMS signature too) and shows the payload and the CMS signature in read-only text boxes to
 * copy — a download link (`<a download>`) does nothing in some hosts (Excel for Mac), so the pane
 * never claims a file was saved; a 下载 button is offered besides, saying it may not work there.
 * 验证签章 checks a signed file (page) or the open workbook.
 *
 * The payload lists every covered value in full: when it holds ID numbers (a relief result's
 * input sheet), the reviewer is told so at signing time, and 「不签输入表」 signs only the
 * parameter and result sheets (the 签章 sheet then names the sheets left out).
 */
import * as React from 'react';
import {
  Button, Checkbox, Divider, Field, Input, MessageBar, MessageBarBody, Subtitle2, Text,
} from '@fluentui/react-components';
import type { PaneHost } from '../host';
import type { CertInfo } from '../../signing/keys';
import { defaultSignerStore, type SignerStore } from '../../signing/signer-store';
import type { VerifyReport } from '../../signing/sign-core';
import { idNumbersWarning, verifyReportLines } from '../../signing/report-text';
import type { IdNumbersFound } from '../../signing/personal-data';
import type { ExcelSigningRunner } from '../../signing/office-signing';

/** One file produced by signing. */
export interface SignedFile {
  name: string;
  bytes: Uint8Array;
  type: string;
}

export interface SigningPanelProps {
  host: PaneHost;
  /** Names of the result sheets written into Excel in this session (null before any write). */
  writtenSheets: string[] | null;
  /**
   * Standalone page: the workbook to sign (e.g. the result workbook just computed) with its file
   * name; null/absent → the user picks a file in the panel.
   */
  getWorkbookBytes?: () => Promise<{ bytes: ArrayBuffer; name: string } | null>;
  /** Receives the signed files; default: download all of them. */
  onSigned?: (files: SignedFile[]) => void;
  /** Where the signer is kept; default IndexedDB (memory when unavailable). */
  signerStore?: SignerStore;
  /** Office.js runner for the Excel mode; default the global Excel. */
  excel?: ExcelSigningRunner;
  /**
   * Inside the pane's numbered steps: no title and divider of its own (the step has them), and
   * sub-headings at level 3.
   */
  embedded?: boolean;
  /**
   * Whether the panel's main action (生成 / 签章) is the primary button. The pane passes false
   * while another step holds the one primary action.
   */
  emphasis?: boolean;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Payloads above this many bytes are not put into a text box (it would slow the pane down). */
const MAX_SHOWN_PAYLOAD = 1_000_000;

function base64Of(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Copy a text box's content: the Clipboard API where allowed, else the selection and execCommand. */
async function copyFrom(area: HTMLTextAreaElement | null): Promise<boolean> {
  if (!area) return false;
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(area.value);
      return true;
    }
  } catch {
    // not allowed in this host: fall back to the selection
  }
  area.focus();
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/** What signing in Excel handed over: shown to copy, downloadable where the host allows. */
interface Handoff {
  files: SignedFile[];
  payloadText: string | null;
  cmsBase64: string;
}

function CopyBox({ label, text, testId }: { label: string; text: string; testId: string }): React.ReactElement {
  const ref = React.useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = React.useState<string | null>(null);
  const id = React.useId();
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      <label htmlFor={id} style={{ fontWeight: 600 }}>{label}</label>
      <textarea id={id} ref={ref} className="wz-textarea" readOnly value={text} rows={4} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <Button size="small" onClick={() => void copyFrom(ref.current).then((ok) => setCopied(ok ? '已复制到剪贴板。' : '未能自动复制：文本已选中，请按 Ctrl+C（Mac：⌘C）复制。'))}>复制{label}</Button>
        {copied ? <Text size={200} role="status">{copied}</Text> : null}
      </div>
    </div>
  );
}
/** Download files one after another (a browser asks once to allow several downloads). */
export function downloadFiles(files: SignedFile[]): void {
  for (const f of files) {
    const url = URL.createObjectURL(new Blob([f.bytes as unknown as BlobPart], { type: f.type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = f.name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

async function fileBytes(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

function errorText(e: unknown): string {
  return e instanceof Error && e.message ? e.message : String(e);
}

type Notice = { intent: 'error' | 'success' | 'info' | 'warning'; lines: string[] } | null;

/** The notice after signing: success, or a warning when the payload holds full ID numbers. */
function signedNotice(done: string, idNumbers: IdNumbersFound[], payloadName: string, omitted: boolean): Notice {
  if (!idNumbers.length) return { intent: 'success', lines: [done] };
  const hint = omitted ? [] : ['如只需证明测算结果，可勾选「不签输入表」后重新签章。'];
  return { intent: 'warning', lines: [done, idNumbersWarning(idNumbers, payloadName), ...hint] };
}

export function SigningPanel(props: SigningPanelProps): React.ReactElement {
  const { host } = props;
  const store = React.useMemo(() => props.signerStore ?? defaultSignerStore(), [props.signerStore]);
  const [signer, setSigner] = React.useState<{ key: CryptoKey; cert: CertInfo } | null>(null);
  const [name, setName] = React.useState('');
  const [org, setOrg] = React.useState('');
  const [p12, setP12] = React.useState<File | null>(null);
  const [p12Password, setP12Password] = React.useState('');
  const [workbook, setWorkbook] = React.useState<File | null>(null);
  const [payloadFile, setPayloadFile] = React.useState<File | null>(null);
  const [trustFile, setTrustFile] = React.useState<File | null>(null);
  const [busy, setBusy] = React.useState<string | null>(null);
  const [notice, setNotice] = React.useState<Notice>(null);
  const [report, setReport] = React.useState<VerifyReport | null>(null);
  const [omitInputs, setOmitInputs] = React.useState(false);
  const [handoff, setHandoff] = React.useState<Handoff | null>(null);
  const emphasis = props.emphasis ?? true;
  // Until the saved signer is read (IndexedDB), the form may still be replaced by it: marked busy.
  const [storeRead, setStoreRead] = React.useState(false);

  React.useEffect(() => {
    let live = true;
    store
      .load()
      .then(async (s) => {
        if (!s) return;
        const { certInfo } = await import(/* webpackChunkName: "signing" */ '../../signing/keys');
        const cert = await certInfo(s.certDer);
        if (live) setSigner({ key: s.key, cert });
      })
      .catch(() => undefined)
      .finally(() => {
        if (live) setStoreRead(true);
      });
    return () => {
      live = false;
    };
  }, [store]);

  const guard = async (label: string, work: () => Promise<void>) => {
    setBusy(label);
    setNotice(null);
    try {
      await work();
    } catch (e) {
      setNotice({ intent: 'error', lines: [errorText(e)] });
    } finally {
      setBusy(null);
    }
  };

  const generate = () =>
    guard('正在生成密钥…', async () => {
      if (!name.trim()) throw new Error('请填写签名人姓名');
      const { generateSelfSigned } = await import(/* webpackChunkName: "signing" */ '../../signing/keys');
      const { keys, cert } = await generateSelfSigned(name.trim(), org.trim(), { extractable: false });
      await store.save({ key: keys.privateKey, certDer: cert.der, source: 'generated', savedAt: new Date().toISOString() });
      setSigner({ key: keys.privateKey, cert });
      setNotice({ intent: 'success', lines: ['已生成签名密钥（私钥不可导出，保存在本浏览器中）和自签名证书。'] });
    });

  const importP12 = () =>
    guard('正在导入证书…', async () => {
      if (!p12) throw new Error('请选择 .p12 或 .pfx 文件');
      const { importPkcs12 } = await import(/* webpackChunkName: "signing" */ '../../signing/pkcs12');
      const { key, cert } = await importPkcs12(await fileBytes(p12), p12Password, false);
      await store.save({ key, certDer: cert.der, source: 'pkcs12', savedAt: new Date().toISOString() });
      setSigner({ key, cert });
      setP12Password('');
      setNotice({ intent: 'success', lines: [`已导入证书：${cert.subject}`] });
    });

  // 更换证书 deletes a key that cannot be exported: asked for first, never at the first click.
  const [confirmForget, setConfirmForget] = React.useState(false);
  const forget = () =>
    guard('正在删除…', async () => {
      setConfirmForget(false);
      await store.clear();
      setSigner(null);
    });

  const exportCert = () => {
    if (!signer) return;
    const bytes = new TextEncoder().encode(signer.cert.pem);
    downloadFiles([{ name: `${signer.cert.commonName || '签名人'}-证书.pem`, bytes, type: 'application/x-pem-file' }]);
  };

  const runner = (): ExcelSigningRunner | undefined => props.excel;

  const sign = () =>
    guard('正在签章…', async () => {
      if (!signer) throw new Error('请先生成或导入签名证书');
      setReport(null);
      setHandoff(null);
      if (host.mode === 'excel') {
        const office = await import(/* webpackChunkName: "signing" */ '../../signing/office-signing');
        const out = await office.signOpenWorkbook(runner() ?? office.officeRunner(), {
          key: signer.key,
          cert: signer.cert,
          baseName: '本工作簿',
          omitRoles: omitInputs ? ['inputs'] : [],
        });
        if (!out.ok) throw new Error(out.message);
        const files: SignedFile[] = [
          { name: '签章.payload.json', bytes: out.result.payloadBytes, type: 'application/json' },
          { name: '签章.payload.json.p7s', bytes: out.result.cms, type: 'application/pkcs7-signature' },
        ];
        // In Excel nothing is downloaded unasked: a download link does not work in every host.
        props.onSigned?.(files);
        const payloadText = out.result.payloadBytes.length <= MAX_SHOWN_PAYLOAD ? new TextDecoder().decode(out.result.payloadBytes) : null;
        setHandoff({ files, payloadText, cmsBase64: base64Of(out.result.cms) });
        const size = `${(out.result.payloadBytes.length / 1024).toFixed(0)} KB`;
        setNotice(
          signedNotice(
            `已签章：加入了受保护的工作表「${out.result.signatureSheet}」（其中也记有 CMS 签名），请保存工作簿。`
            + (payloadText
              ? `签名内容（${files[0].name}，${size}）和 CMS 签名（${files[1].name}）在下方文本框中，可复制后另存为同名文件；也可点「下载」，但部分 Excel（如 Mac 版）不支持从任务窗格下载，请以是否出现保存文件为准。`
              : `签名内容有 ${size}，太大，不在窗格中显示；请点「下载」保存（部分 Excel，如 Mac 版，不支持从任务窗格下载），或改用网页版、命令行签章。没有签名内容文件也能验证签章，只是不能逐格列出改动。`),
            out.result.idNumbers,
            files[0].name,
            omitInputs,
          ),
        );
        return;
      }
      // The workbook the reviewer names: a chosen file wins over the calculation's result, as in
      // verify — a signature must cover exactly what the reviewer asked for.
      const source = workbook ? { bytes: await workbook.arrayBuffer(), name: workbook.name } : (await props.getWorkbookBytes?.()) ?? null;
      if (!source) throw new Error('请选择要签章的工作簿（.xlsx）');
      const stem = `${source.name.replace(/\.xlsx$/i, '')}-已签章`;
      const { signXlsx } = await import(/* webpackChunkName: "exceljs" */ '../../signing/xlsx-sign');
      const out = await signXlsx(source.bytes, { key: signer.key, cert: signer.cert, baseName: stem, omitRoles: omitInputs ? ['inputs'] : [] });
      if (!out.ok) throw new Error(out.message);
      const files: SignedFile[] = [
        { name: `${stem}.xlsx`, bytes: out.result.xlsx, type: XLSX },
        { name: `${stem}.payload.json`, bytes: out.result.payloadBytes, type: 'application/json' },
        { name: `${stem}.payload.json.p7s`, bytes: out.result.cms, type: 'application/pkcs7-signature' },
      ];
      (props.onSigned ?? downloadFiles)(files);
      setNotice(signedNotice(`已签章：${files.map((f) => f.name).join('、')}`, out.result.idNumbers, files[1].name, omitInputs));
    });

  const verify = () =>
    guard('正在验证…', async () => {
      const payload = payloadFile ? await fileBytes(payloadFile) : undefined;
      const trustPem = trustFile ? await trustFile.text() : undefined;
      let result: VerifyReport;
      if (host.mode === 'excel') {
        const office = await import(/* webpackChunkName: "signing" */ '../../signing/office-signing');
        result = await office.verifyOpenWorkbook(runner() ?? office.officeRunner(), { payloadFile: payload, trustPem });
      } else {
        const source = workbook ? { bytes: await workbook.arrayBuffer() } : await props.getWorkbookBytes?.();
        if (!source) throw new Error('请选择要验证的已签章工作簿（.xlsx）');
        const { verifyXlsx } = await import(/* webpackChunkName: "exceljs" */ '../../signing/xlsx-sign');
        result = await verifyXlsx(source.bytes, { payloadFile: payload, trustPem });
      }
      setReport(result);
    });

  const fileInput = (label: string, accept: string, onFile: (f: File | null) => void) => (
    <input type="file" aria-label={label} accept={accept} onChange={(e) => onFile(e.target.files?.[0] ?? null)} style={{ maxWidth: '100%' }} />
  );

  const H = props.embedded ? 'h3' : 'h2';
  const headingStyle = { fontSize: 14, lineHeight: '20px', margin: '4px 0 0', fontWeight: 600 } as const;
  const signWhy = !signer ? '请先生成或导入签名证书。' : null;

  return (
    <section
      aria-label="签章"
      aria-busy={storeRead ? undefined : true}
      data-signer={!storeRead ? 'loading' : signer ? 'ready' : 'none'}
      style={{ display: 'flex', flexDirection: 'column', gap: 8, marginTop: props.embedded ? 0 : 16, minWidth: 0, overflowWrap: 'anywhere' }}
    >
      {props.embedded ? null : (
        <>
          <Divider />
          <Subtitle2>签章</Subtitle2>
        </>
      )}
      <Text size={200}>
        签章对工作表中单元格的「值」签名（ECDSA P-256 / SHA-256，CMS），格式、批注和隐藏状态不在签名范围内。
      </Text>

      <H style={headingStyle}>签名证书</H>
      {signer ? (
        <div aria-label="签名证书" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
          <Text>
            签名人：{signer.cert.commonName}
            {signer.cert.organisation ? `（${signer.cert.organisation}）` : ''}
          </Text>
          <Text size={200}>证书 SHA-256 指纹（请告知验证人核对）：</Text>
          <Text size={200} font="monospace" style={{ wordBreak: 'break-all' }} data-testid="fingerprint">
            {signer.cert.fingerprint}
          </Text>
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
            <Button size="small" onClick={exportCert}>导出证书（.pem）</Button>
            <Button size="small" onClick={() => setConfirmForget(true)} disabled={busy !== null || confirmForget}>更换证书</Button>
          </div>
          {confirmForget ? (
            <div role="alertdialog" aria-label="确认删除签名密钥" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
              <Text size={200}>更换证书会删除本机保存的签名密钥（不能导出，删除后无法恢复；已签的工作簿仍可验证）。确定删除吗？</Text>
              <div style={{ display: 'flex', gap: 8 }}>
                <Button size="small" onClick={forget}>确认删除</Button>
                <Button size="small" onClick={() => setConfirmForget(false)}>取消</Button>
              </div>
            </div>
          ) : null}
        </div>
      ) : (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
          <Field label="签名人姓名">
            <Input value={name} onChange={(_, d) => setName(d.value)} />
          </Field>
          <Field label="单位">
            <Input value={org} onChange={(_, d) => setOrg(d.value)} />
          </Field>
          <div>
            <Button appearance={emphasis ? 'primary' : 'secondary'} onClick={generate} disabled={busy !== null}>生成签名密钥和证书</Button>
          </div>
          <Text size={200}>或导入已有证书（PKCS#12：.p12 / .pfx）：</Text>
          {fileInput('PKCS#12 文件', '.p12,.pfx,application/x-pkcs12', setP12)}
          <Field label="证书密码">
            <Input type="password" value={p12Password} onChange={(_, d) => setP12Password(d.value)} />
          </Field>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
            <Button onClick={importP12} disabled={busy !== null || !p12} aria-describedby={p12 ? undefined : 'wz-import-why'}>导入证书</Button>
            {p12 ? null : <Text size={200} id="wz-import-why">请先选择 .p12 或 .pfx 文件。</Text>}
          </div>
        </div>
      )}

      <H style={headingStyle}>签章</H>
      {host.mode === 'standalone' ? (
        <Field label={props.getWorkbookBytes ? '工作簿（默认：本次测算结果；也可另选文件）' : '工作簿（.xlsx）'}>
          {fileInput('工作簿文件', '.xlsx', setWorkbook)}
        </Field>
      ) : null}
      {host.mode === 'standalone' ? (
        <Text size={200} data-testid="sign-target">
          签章对象：{workbook ? `所选文件「${workbook.name}」` : props.getWorkbookBytes ? '本次测算结果工作簿' : '（请先选择工作簿）'}
        </Text>
      ) : (
        <Text size={200} data-testid="sign-target">
          {omitInputs ? '签章覆盖参数表和结果表（输入表不签）' : '签章覆盖除「签章」外的全部工作表'}
          {props.writtenSheets?.length ? `（含本次写入的 ${props.writtenSheets.join('、')}）` : ''}。
        </Text>
      )}
      <Checkbox
        label="不签输入表（只签参数表和结果表；输入表含身份证号等个人信息时可选）"
        checked={omitInputs}
        onChange={(_, d) => setOmitInputs(d.checked === true)}
      />
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <Button appearance={emphasis && signer ? 'primary' : 'secondary'} onClick={sign} disabled={busy !== null || !signer} aria-describedby={signWhy ? 'wz-sign-why' : undefined}>签章</Button>
        {signWhy ? <Text size={200} id="wz-sign-why">{signWhy}</Text> : null}
      </div>
      {handoff ? (
        <div data-testid="sign-handoff" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
          {handoff.payloadText !== null ? <CopyBox label={`签名内容（${handoff.files[0].name}）`} text={handoff.payloadText} testId="payload-text" /> : null}
          <CopyBox label={`CMS 签名（${handoff.files[1].name}，Base64）`} text={handoff.cmsBase64} testId="cms-text" />
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
            <Button size="small" onClick={() => downloadFiles(handoff.files)}>下载</Button>
            <Text size={200}>下载两个文件；部分 Excel（如 Mac 版）不支持从任务窗格下载，没有出现保存文件时请用上面的文本框复制。CMS 签名保存为文件前需按 Base64 解码。</Text>
          </div>
        </div>
      ) : null}

      <H style={headingStyle}>验证签章</H>
      <Text size={200}>{host.mode === 'excel' ? '验证当前工作簿中最后一个签章。' : '验证上面所选的已签章工作簿（未选时验证本次测算结果）。'}以下两项可选：</Text>
      <Field label="签名内容文件（.payload.json，列出改动的单元格）">{fileInput('签名内容文件', '.json', setPayloadFile)}</Field>
      <Field label="受信任的签名人证书（.pem）">{fileInput('受信任证书', '.pem,.crt,.cer', setTrustFile)}</Field>
      <div>
        <Button onClick={verify} disabled={busy !== null}>验证签章</Button>
      </div>

      {busy ? <Text role="status">{busy}</Text> : null}
      {notice ? (
        <MessageBar intent={notice.intent} layout="multiline">
          <MessageBarBody style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
            {notice.lines.map((l, i) => (
              <div key={i} style={{ whiteSpace: 'pre-wrap' }}>{l}</div>
            ))}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {report ? (
        <div
          role="region"
          aria-label="验证结果"
          style={{ border: `1px solid ${report.valid ? '#0e700e' : '#b10e1c'}`, borderRadius: 4, padding: 8, minWidth: 0, maxWidth: '100%' }}
        >
          <div data-testid="verify-report" style={{ fontSize: 13, lineHeight: '19px' }}>
            {verifyReportLines(report).map((l, i) => (
              <div key={i} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', wordBreak: 'break-word', color: i === 0 ? (report.valid ? '#0e700e' : '#b10e1c') : undefined, fontWeight: i === 0 ? 600 : undefined }}>{l}</div>
            ))}
          </div>
        </div>
      ) : null}
    </section>
  );
}

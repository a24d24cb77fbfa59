/**
 * `wzpolicy keygen | sign | verify` (docs/interfaces.md). The signing itself lives in src/signing;
 * this file only reads/writes files, prints, and records the exit status:
 * 0 ok (verify: valid and unchanged), 1 not ok (verify: changed/invalid; sign: the workbook
 * cannot be signed, e.g. volatile formulas), 2 usage error (bad option, unreadable file).
 *
 * Exit status: every action records its code with `setSigningExitCode`, which sets
 * process.exitCode — main() (src/cli/main.ts) reads process.exitCode after parseAsync; it can
 * also call `takeSigningExitCode()`. Internal defects: 3 (as main.ts).
 */
import { chmodSync, existsSync, readFileSync } from 'fs';
import * as path from 'path';
import type { Command } from 'commander';
import { readInputFile, samePath, writeOutputFile } from './io';

/**
 * The signing modules (pkijs, @peculiar/x509, sm-crypto, ExcelJS for the fallback save) are
 * loaded only when a signing command runs: `wzpolicy hq-rating …` never pays for them (issue 10,
 * lazy loading). One load per process; `loaded` lets the error mapping recognise SigningError.
 */
type SigningModules = {
  canonical: typeof import('../signing/canonical');
  keys: typeof import('../signing/keys');
  reportText: typeof import('../signing/report-text');
  sm2: typeof import('../signing/sm2');
  xlsxSign: typeof import('../signing/xlsx-sign');
};
let loaded: SigningModules | null = null;

async function signing(): Promise<SigningModules> {
  if (!loaded) {
    const [canonical, keys, reportText, sm2, xlsxSign] = await Promise.all([
      import('../signing/canonical'), import('../signing/keys'), import('../signing/report-text'), import('../signing/sm2'), import('../signing/xlsx-sign'),
    ]);
    loaded = { canonical, keys, reportText, sm2, xlsxSign };
  }
  return loaded;
}

/** The streams and current directory (a subset of CliIo of ./io, so main can pass its io). */
export interface SigningCliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd?(): string;
}

interface SigningIO {
  out(text: string): void;
  err(text: string): void;
  resolve(p: string): string;
}

function signingIO(io: Partial<SigningCliIo>): SigningIO {
  const stdout = io.stdout ?? ((t: string) => void process.stdout.write(t));
  const stderr = io.stderr ?? ((t: string) => void process.stderr.write(t));
  const cwd = io.cwd ?? (() => process.cwd());
  return {
    out: (t) => stdout(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => stderr(t.endsWith('\n') ? t : `${t}\n`),
    resolve: (p) => path.resolve(cwd(), p),
  };
}

let lastCode: number | null = null;

/** Record the exit status of a signing command (and set process.exitCode). */
export function setSigningExitCode(code: number): void {
  lastCode = code;
  process.exitCode = code;
}

/** The exit status recorded by the last signing command run, then forget it (null if none ran). */
export function takeSigningExitCode(): number | null {
  const c = lastCode;
  lastCode = null;
  return c;
}

class UsageError extends Error {}

function readFile(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new UsageError(`无法读取${what}：${file}`);
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Run an action; map failures to exit codes with a Chinese message and no stack trace. */
async function run(io: SigningIO, action: () => Promise<number>): Promise<void> {
  try {
    setSigningExitCode(await action());
  } catch (e) {
    const signingError = loaded !== null && e instanceof loaded.keys.SigningError;
    if (e instanceof UsageError || signingError || (e as { exitCode?: unknown })?.exitCode === 2) {
      io.err(`wzpolicy：${message(e)}`);
      setSigningExitCode(2);
    } else {
      io.err(`wzpolicy：内部错误：${message(e).split('\n')[0]}（这是本程序的缺陷，请报告给维护者）`);
      setSigningExitCode(3);
    }
  }
}

/** A sheet list as one shell word (quoted when a name holds a space or a shell character). */
function shellWord(text: string): string {
  return /^[^\s'"`$\\!*?;&|<>(){}[\]#~]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The `--sheets` that signs the same sheets but those holding ID numbers (empty if none would remain). */
function sheetsHint(r: { record: { ranges: { sheet: string }[] }; idNumbers: { sheet: string }[] }): string {
  const keep = r.record.ranges.map((g) => g.sheet).filter((n) => !r.idNumbers.some((f) => f.sheet === n));
  if (keep.length === 0) return '';
  return `如只需证明测算结果，可不签含身份证号的工作表，重新签章时加：--sheets ${shellWord(keep.join(','))}（签章工作表会写明哪些工作表未签）。`;
}

/** SIGNED.xlsx → SIGNED (stem for SIGNED.payload.json and SIGNED.payload.json.p7s). */
export function outputStem(out: string): string {
  return out.replace(/\.xlsx$|\.xlsm$/i, '');
}

/**
 * Register keygen / sign / verify. `cliIo` (optional): the CliIo of main, so its tests capture
 * output; by default the process streams. Exit status: see setSigningExitCode.
 */
export function registerSigningCommands(program: Command, cliIo: Partial<SigningCliIo> = {}): void {
  const io = signingIO(cliIo);
  program
    .command('keygen')
    .description('生成 EC P-256 私钥（key.pem，PKCS#8）和自签名证书（cert.pem）')
    .requiredOption('--name <NAME>', '签名人姓名（证书 CN）')
    .requiredOption('--org <ORG>', '单位（证书 O）')
    .requiredOption('--out-dir <DIR>', '输出目录')
    .option('--sm2', '另生成 SM2 密钥（sm2-key.pem、sm2-pub.pem），用于 SM2-SM3 第二签名')
    .action(async (opts: { name: string; org: string; outDir: string; sm2?: boolean }) =>
      run(io, async () => {
        const { canonical: { utf8 }, keys: { exportPkcs8Pem, generateSelfSigned }, sm2: { generateSm2, sm2PrivateKeyPem, sm2PublicKeyPem } } = await signing();
        if (!opts.name.trim()) throw new UsageError('--name 不能为空');
        const outDir = io.resolve(opts.outDir);
        const keyFile = path.join(outDir, 'key.pem');
        const certFile = path.join(outDir, 'cert.pem');
        if (existsSync(keyFile)) throw new UsageError(`${keyFile} 已存在，不覆盖私钥；请换一个目录`);
        const { keys, cert } = await generateSelfSigned(opts.name.trim(), opts.org.trim(), { extractable: true });
        await writeOutputFile(keyFile, utf8(await exportPkcs8Pem(keys.privateKey)));
        chmodSync(keyFile, 0o600);
        await writeOutputFile(certFile, utf8(cert.pem));
        io.out(`已生成私钥 ${keyFile}（请妥善保管）和证书 ${certFile}`);
        io.out(`证书主题：${cert.subject}`);
        io.out(`证书 SHA-256 指纹：${cert.fingerprint}`);
        if (opts.sm2) {
          const sm2Key = path.join(outDir, 'sm2-key.pem');
          if (existsSync(sm2Key)) throw new UsageError(`${sm2Key} 已存在，不覆盖私钥`);
          const keys = generateSm2();
          await writeOutputFile(sm2Key, utf8(sm2PrivateKeyPem(keys)));
          chmodSync(sm2Key, 0o600);
          await writeOutputFile(path.join(outDir, 'sm2-pub.pem'), utf8(sm2PublicKeyPem(keys.publicKey)));
          io.out(`已生成 SM2 私钥 ${sm2Key} 和公钥 ${path.join(outDir, 'sm2-pub.pem')}`);
        }
        return 0;
      }),
    );

  program
    .command('sign')
    .description('给工作簿签章：加「签章」工作表，并导出 .payload.json 与 .payload.json.p7s')
    .argument('<in.xlsx>', '要签章的工作簿')
    .requiredOption('--key <KEY.pem>', 'EC P-256 私钥（PKCS#8 或 SEC1 PEM）')
    .requiredOption('--cert <CERT.pem>', '签名人证书（PEM）')
    .requiredOption('--out <SIGNED.xlsx>', '输出的已签章工作簿')
    .option('--sheets <S1,S2,…>', '要签的工作表（默认：除「签章」外的全部工作表）')
    .option('--signer <NAME>', '签名人姓名（默认取证书 CN）')
    .option('--sm2-key <SM2KEY.pem>', '另加 SM2-SM3 第二签名（SM2 私钥，PKCS#8 或 SEC1 PEM）')
    .action(async (input: string, opts: { key: string; cert: string; out: string; sheets?: string; signer?: string; sm2Key?: string }) =>
      run(io, async () => {
        const {
          canonical: { ROLE_LABEL, utf8 }, keys: { certInfo }, reportText: { idNumbersWarning },
          sm2: { readSm2PrivateKeyPem, sm2PublicKeyPem }, xlsxSign: { signXlsx },
        } = await signing();
        if (!/\.xls[xm]$/i.test(opts.out)) throw new UsageError('--out 应是 .xlsx 文件（启用宏的工作簿可用 .xlsm）');
        const bytes = await readInputFile(io.resolve(input));
        const keyPem = readFile(io.resolve(opts.key), '私钥文件').toString('utf8');
        const certPem = readFile(io.resolve(opts.cert), '证书文件').toString('utf8');
        const sm2 = opts.sm2Key ? readSm2PrivateKeyPem(readFile(io.resolve(opts.sm2Key), 'SM2 私钥文件').toString('utf8')) : undefined;
        const sheets = opts.sheets
          ?.split(/[,，]/)
          .map((s) => s.trim())
          .filter(Boolean);
        const outFile = io.resolve(opts.out);
        if (await samePath(outFile, io.resolve(input))) throw new UsageError('--out 不能与输入文件相同');
        const stem = outputStem(outFile);
        const outcome = await signXlsx(new Uint8Array(bytes), {
          key: keyPem,
          cert: await certInfo(certPem),
          sheets,
          signerName: opts.signer,
          baseName: path.basename(stem),
          sm2,
          // A macro-enabled workbook signed to .xlsm keeps its macros (the package is copied part for part).
          extension: /\.xlsm$/i.test(outFile) ? 'xlsm' : 'xlsx',
        });
        if (!outcome.ok) {
          // Like every other CLI error: prefixed (the sheets-not-found and cannot-sign messages were not).
          io.err(`wzpolicy：${outcome.message}`);
          return /^不能签章/.test(outcome.message) ? 1 : 2;
        }
        const r = outcome.result;
        await writeOutputFile(`${stem}.payload.json`, r.payloadBytes);
        await writeOutputFile(`${stem}.payload.json.p7s`, r.cms);
        if (r.sm2Signature && sm2) {
          await writeOutputFile(`${stem}.payload.json.sm2.sig`, r.sm2Signature);
          await writeOutputFile(`${stem}.sm2-pub.pem`, utf8(sm2PublicKeyPem(sm2.publicKey)));
        }
        await writeOutputFile(outFile, r.xlsx);
        io.out(`已签章：${outFile}（工作表「${r.signatureSheet}」）`);
        io.out(`  ${stem}.payload.json（签名内容，SHA-256 ${r.record.payloadSha256}）`);
        io.out(`  ${stem}.payload.json.p7s（CMS 签名，DER）`);
        if (r.sm2Signature) io.out(`  ${stem}.payload.json.sm2.sig（SM2-SM3 第二签名，DER）与 ${stem}.sm2-pub.pem`);
        io.out(`签名人：${r.record.header.signer.name}（${r.record.header.signer.organisation}）`);
        for (const g of r.record.ranges) io.out(`  ${ROLE_LABEL[g.role]}  ${g.sheet}!${g.ref}`);
        for (const n of r.record.header.notCovered ?? []) io.out(`  未签  ${n.sheet}（${ROLE_LABEL[n.role]}）`);
        if (r.idNumbers.length) io.err(`wzpolicy：${idNumbersWarning(r.idNumbers, `${path.basename(stem)}.payload.json`)}${sheetsHint(r)}`);
        return 0;
      }),
    );

  program
    .command('verify')
    .description('验证工作簿的签章：重新计算签名内容、比对摘要、验证签名')
    .argument('<signed.xlsx>', '已签章的工作簿')
    .option('--payload <FILE.json>', '签名时导出的 .payload.json（可列出改动的单元格）')
    .option('--trust <CERT.pem>', '受信任的签名人证书：签名人必须是它')
    .option('--json', '在标准输出打印一个 JSON 文档')
    .action(async (input: string, opts: { payload?: string; trust?: string; json?: boolean }) =>
      run(io, async () => {
        const { keys: { certInfo }, reportText: { formatVerifyReport }, xlsxSign: { verifyXlsx } } = await signing();
        const bytes = await readInputFile(io.resolve(input));
        const payloadFile = opts.payload ? new Uint8Array(readFile(io.resolve(opts.payload), '载荷文件')) : undefined;
        const trustPem = opts.trust ? readFile(io.resolve(opts.trust), '受信任证书').toString('utf8') : undefined;
        if (trustPem !== undefined) await certInfo(trustPem); // unreadable certificate → usage error
        const report = await verifyXlsx(new Uint8Array(bytes), { payloadFile, trustPem });
        if (opts.json) io.out(JSON.stringify(report, null, 2));
        else io.out(formatVerifyReport(report));
        return report.valid ? 0 : 1;
      }),
    );
}

/**
 * Regenerate the example workbooks (examples/*.xlsx) and the worked-example fixtures
 * (test/fixtures/cli/*.xlsx): `npm run examples`. Deterministic (seeded PRNG, fixed dates).
 */
import { existsSync, mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { GENERATED } from './example-workbooks';

function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
}

async function makeExamples(): Promise<void> {
  const root = projectRoot();
  for (const item of GENERATED) {
    const file = path.join(root, item.path);
    mkdirSync(path.dirname(file), { recursive: true });
    const bytes = await item.build().xlsx.writeBuffer();
    writeFileSync(file, Buffer.from(bytes as ArrayBuffer));
    process.stdout.write(`已生成 ${item.path}\n`);
  }
}

makeExamples().catch((e) => {
  process.stderr.write(`生成示例失败：${(e as Error).message}\n`);
  process.exitCode = 1;
});

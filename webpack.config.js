/**
 * Builds the task pane (taskpane.html, loaded by Excel through manifest.xml), the standalone page
 * (index.html, same bundle, no Office.js) and the help page (help.html, from docs/addin-help.html)
 * into dist/. ExcelJS is only reached through a dynamic import, so it lands in a lazy chunk and the
 * pane's first load stays small. The calculation worker (src/taskpane/engine/worker.ts, started by
 * engine/spawn.ts with `new Worker(new URL('./worker.ts', import.meta.url))`) is bundled by webpack
 * as a file of its own (calc-worker.*.js), loaded when the first workbook is opened.
 *
 *   npx webpack --mode production         → dist/ (no certificates needed)
 *   npx webpack serve --mode development  → https://localhost:3000 with office-addin-dev-certs
 *
 * Build-time settings (environment variables):
 *   ADDIN_URL      where dist/ will be served (https); dist/manifest.xml points there
 *   OFFICE_JS_URL  where the pane loads office.js from (default: Microsoft's CDN); an intranet
 *                  points it at its own mirror of the CDN folder (README: 内网部署)
 *   WZ_OUTPUT_DIR  output folder instead of dist/ (the e2e tests build variants into temp folders)
 */
const path = require('path');
const fs = require('fs');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { DEV_URL, manifestForUrl, checkManifest } = require('./scripts/manifest');

/** Microsoft's CDN; the default, and the only source a store-validated add-in may use. */
const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/**
 * The office.js address for taskpane.html. office.js finds the rest of its files (host- and
 * locale-specific scripts) next to itself by looking for a script named office.js, so a mirror must
 * keep the CDN's folder and file names. A page served over https cannot load an http script, so
 * plain http is accepted only on the loopback address (the e2e tests' local mirror).
 */
function officeJsUrl() {
  const raw = process.env.OFFICE_JS_URL || OFFICE_JS_CDN;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`OFFICE_JS_URL 不是有效的网址：${raw}`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error(`OFFICE_JS_URL 必须是 https 地址（https 页面不能加载 http 脚本）：${raw}`);
  }
  if (!/\/office(\.debug)?\.js$/.test(url.pathname)) {
    throw new Error(`OFFICE_JS_URL 应指向镜像中的 office.js（文件名须保持 office.js，它据此找到同一文件夹中的其他文件）：${raw}`);
  }
  return url.href;
}

/**
 * HTTPS for the dev server, as the Office add-in template does it: office-addin-dev-certs creates
 * and trusts a localhost certificate (~/.office-addin-dev-certs) on first use. Where it cannot
 * (no sudo, an unsupported system) the dev server falls back to its own self-signed certificate,
 * which a browser accepts after a warning but Excel does not.
 */
async function devServerHttps() {
  try {
    const devCerts = require('office-addin-dev-certs');
    const o = await devCerts.getHttpsServerOptions();
    return { type: 'https', options: { ca: o.ca, key: o.key, cert: o.cert } };
  } catch (e) {
    console.warn(
      `未能安装或读取开发证书（office-addin-dev-certs：${String(e && e.message).trim()}），改用自签名证书：浏览器可在警告后打开，Excel 会拒绝加载。`,
    );
    return { type: 'https' };
  }
}

/** Writes .build-started (when this build began): the e2e tests rebuild when a source is newer. */
class BuildStampPlugin {
  apply(compiler) {
    let started = Date.now();
    compiler.hooks.beforeCompile.tap('BuildStampPlugin', () => {
      started = Date.now();
    });
    compiler.hooks.afterEmit.tap('BuildStampPlugin', (compilation) => {
      fs.writeFileSync(path.join(compilation.outputOptions.path, '.build-started'), String(started));
    });
  }
}

/** dist/manifest.xml: for ADDIN_URL in a production build (checked, so no development address survives). */
function manifestTransform(production) {
  const addinUrl = production ? process.env.ADDIN_URL : undefined;
  return (content) => {
    if (!addinUrl) return content;
    const xml = manifestForUrl(content.toString(), addinUrl);
    const problems = checkManifest(xml);
    if (xml.includes('localhost')) problems.push('清单中仍有 localhost');
    if (problems.length > 0) throw new Error(`按 ADDIN_URL=${addinUrl} 生成的清单有问题：\n${problems.join('\n')}`);
    return xml;
  };
}

module.exports = async (env, argv) => {
  const production = argv.mode !== 'development';
  const devPort = Number(process.env.npm_package_config_dev_server_port) || Number(new URL(DEV_URL).port);
  const page = (filename, addin) =>
    new HtmlWebpackPlugin({
      filename,
      template: './src/taskpane/taskpane.html',
      chunks: ['taskpane'],
      templateParameters: { addin, officeJsUrl: officeJsUrl() },
    });
  return {
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'eval-cheap-module-source-map',
    entry: { taskpane: './src/taskpane/index.tsx' },
    output: {
      path: path.resolve(__dirname, process.env.WZ_OUTPUT_DIR || 'dist'),
      filename: production ? '[name].[contenthash:8].js' : '[name].js',
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      publicPath: '',
      clean: true,
    },
    resolve: { extensions: ['.ts', '.tsx', '.js', '.json'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              // Types are checked by `tsc --noEmit`; ES modules let webpack split the lazy ExcelJS chunk.
              transpileOnly: true,
              compilerOptions: { module: 'esnext', moduleResolution: 'node', target: 'ES2020', sourceMap: !production },
            },
          },
        },
      ],
    },
    performance: { hints: false },
    // Lazy chunks only where the code asks for them (ExcelJS, the xlsx reader, signing, the
    // calculation worker); nothing else split.
    optimization: { splitChunks: { chunks: 'async', cacheGroups: { defaultVendors: false, default: false } } },
    plugins: [
      page('taskpane.html', true),
      page('index.html', false),
      new BuildStampPlugin(),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          { from: 'docs/addin-help.html', to: 'help.html' },
          { from: 'manifest.xml', to: 'manifest.xml', transform: manifestTransform(production) },
        ],
      }),
    ],
    devServer: {
      port: devPort,
      // Only `webpack serve` needs certificates; a production build never touches them.
      server: env.WEBPACK_SERVE ? await devServerHttps() : undefined,
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: { directory: path.resolve(__dirname, 'dist') },
      client: { overlay: false },
    },
  };
};

/**
 * Builds the task pane (taskpane.html, loaded by Excel through manifest.xml) and the standalone page
 * (index.html, same bundle, no Office.js) into dist/. ExcelJS is only reached through a dynamic
 * import, so it lands in a lazy chunk and the pane's first load stays small.
 *
 *   npx webpack --mode production         → dist/ (no certificates needed)
 *   npx webpack serve --mode development  → https://localhost:3000 with office-addin-dev-certs
 */
const path = require('path');
const fs = require('fs');
const os = require('os');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const DEV_URL = 'https://localhost:3000/';

/** Dev certificates written by `npx office-addin-dev-certs install` (~/.office-addin-dev-certs). */
function devHttps() {
  const dir = path.join(os.homedir(), '.office-addin-dev-certs');
  const files = { key: 'localhost.key', cert: 'localhost.crt', ca: 'ca.crt' };
  const paths = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, path.join(dir, f)]));
  if (!fs.existsSync(paths.key) || !fs.existsSync(paths.cert)) {
    console.warn('未找到开发证书：请先运行 npx --yes office-addin-dev-certs install（将使用自签名证书）。');
    return { type: 'https' };
  }
  return { type: 'https', options: { key: fs.readFileSync(paths.key), cert: fs.readFileSync(paths.cert), ca: fs.readFileSync(paths.ca) } };
}

/** Writes dist/.build-started (when this build began): the e2e tests rebuild when a source is newer. */
class BuildStampPlugin {
  apply(compiler) {
    let started = Date.now();
    compiler.hooks.beforeCompile.tap('BuildStampPlugin', () => { started = Date.now(); });
    compiler.hooks.afterEmit.tap('BuildStampPlugin', (compilation) => {
      fs.writeFileSync(path.join(compilation.outputOptions.path, '.build-started'), String(started));
    });
  }
}

module.exports = (env, argv) => {
  const production = argv.mode !== 'development';
  return {
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'eval-cheap-module-source-map',
    entry: { taskpane: './src/taskpane/index.tsx' },
    output: {
      path: path.resolve(__dirname, 'dist'),
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
    // One lazy chunk "exceljs" (the ExcelJS adapter and ExcelJS itself), nothing else split.
    optimization: { splitChunks: { chunks: 'async', cacheGroups: { defaultVendors: false, default: false } } },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['taskpane'],
        templateParameters: { addin: true },
      }),
      new HtmlWebpackPlugin({
        filename: 'index.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['taskpane'],
        templateParameters: { addin: false },
      }),
      new BuildStampPlugin(),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: (content) => (production && process.env.ADDIN_URL
              ? content.toString().split(DEV_URL).join(process.env.ADDIN_URL.replace(/\/?$/, '/'))
              : content),
          },
        ],
      }),
    ],
    devServer: {
      port: 3000,
      server: production ? undefined : devHttps(),
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: { directory: path.resolve(__dirname, 'dist') },
      client: { overlay: false },
    },
  };
};

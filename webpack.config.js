/**
 * The Excel add-in build, into dist/addin/ (served by the service under /addin/):
 *   taskpane.html   the shared runtime page: office.js, then the functions and taskpane bundles
 *   functions.js    the custom functions (also the manifest's functions Script)
 *   functions.json  their metadata, generated from the JSDoc in addin/src/functions/functions.ts
 *   assets/         icons and the help page
 *   manifest.xml    the repo's manifest with https://localhost:3000 replaced by CAREFEE_BASE_URL,
 *                   and its <Version>'s fourth part derived from the manifest and functions.json
 *   office-js/      a local copy of office.js, only in local builds
 *
 * Switches (environment variable, or --env):
 *   CAREFEE_BASE_URL / --env baseUrl=https://carefee.example.org   where the service runs
 *   CAREFEE_OFFICE_JS=local / --env officeJs=local   office.js from dist/addin/office-js/
 *                                                    instead of Microsoft's CDN (build:dev, tests)
 *   --env only=functions   just the functions bundle and its metadata (benchmark)
 *   --env pane=false       everything but the task pane bundle (tests: faster)
 *   --env outDir=<path>    build somewhere else (tests)
 * No type-checking here (swc only): `npm run typecheck` does that.
 */
/* global require, module, __dirname, process, URL */
/* eslint-disable @typescript-eslint/no-require-imports -- webpack reads a CommonJS config */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');
const { renderHelpPage } = require('./tools/helpPage.cjs');

const DEFAULT_BASE_URL = 'https://localhost:3000';
const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const root = __dirname;
const src = path.join(root, 'addin/src');
const taskpaneEntry = path.join(src, 'taskpane/index.tsx');

/** The service address the add-in is built for: https, no trailing slash. */
function baseUrlFrom(value) {
  const text = (value || DEFAULT_BASE_URL).trim().replace(/\/+$/, '');
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`CAREFEE_BASE_URL "${value}" is not a web address`);
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !local)
    throw new Error(`CAREFEE_BASE_URL must use https (Office requires it), got ${text}`);
  if (url.search || url.hash)
    throw new Error(`CAREFEE_BASE_URL must not have a query or fragment, got ${text}`);
  return { base: text, origin: url.origin };
}

/** The manifest for a deployment: every URL moved from the default service to this one. */
function manifestFor(xml, { base, origin }) {
  return xml
    .replace(
      /<AppDomain>https:\/\/localhost:3000<\/AppDomain>/g,
      `<AppDomain>${origin}</AppDomain>`,
    )
    .split(DEFAULT_BASE_URL)
    .join(base);
}

/**
 * Each function's help link (@helpurl in functions.ts) names the default service; point it at
 * the deployment's help page, as the manifest's URLs are.
 */
class DeploymentMetadataPlugin {
  constructor(target) {
    this.target = target;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('DeploymentMetadataPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        {
          name: 'DeploymentMetadataPlugin',
          stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONS,
        },
        (assets) => {
          const asset = assets['functions.json'];
          if (!asset) return;
          const json = asset.source().toString().split(DEFAULT_BASE_URL).join(this.target.base);
          compilation.updateAsset('functions.json', new webpack.sources.RawSource(json));
        },
      );
    });
  }
}

/**
 * Office caches the manifest and the function metadata, and refreshes them only when <Version>
 * changes. So the build keeps the repo's first three parts (raised by hand for releases) and makes
 * the fourth a hash of everything Office caches: the deployed manifest (its own version left
 * out) and functions.json. Any change to either gives a new version; an unchanged build keeps it.
 * The fourth part is 1..65535, which every Office version parser accepts.
 */
function versionedManifest(xml, functionsJson) {
  const pattern = /<Version>(\d+)\.(\d+)\.(\d+)(?:\.\d+)?<\/Version>/;
  const match = pattern.exec(xml);
  if (!match) throw new Error('manifest.xml has no <Version>major.minor.build.revision</Version>');
  const hash = crypto
    .createHash('sha256')
    .update(xml.replace(pattern, '<Version/>'))
    .update('\0')
    .update(functionsJson)
    .digest();
  const revision = (hash.readUInt32BE(0) % 65535) + 1;
  const [, major, minor, build] = match;
  return xml.replace(pattern, `<Version>${major}.${minor}.${build}.${revision}</Version>`);
}

/** The help page's function sections, generated from the built functions.json (tools/helpPage.cjs). */
class HelpPagePlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('HelpPagePlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        // Before the production build minifies the page (and its marker comments) away.
        { name: 'HelpPagePlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_DERIVED },
        (assets) => {
          const page = assets['assets/help.html'];
          const metadata = assets['functions.json'];
          if (!page || !metadata) return;
          const html = renderHelpPage(
            page.source().toString(),
            JSON.parse(metadata.source().toString()),
          );
          compilation.updateAsset('assets/help.html', new webpack.sources.RawSource(html));
        },
      );
    });
  }
}

/** Sets the built manifest's version once both it and functions.json are final. */
class ManifestVersionPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('ManifestVersionPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        {
          name: 'ManifestVersionPlugin',
          // After the metadata's URLs are rewritten (ADDITIONS) and the manifest copied.
          stage: webpack.Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE,
        },
        (assets) => {
          const manifest = assets['manifest.xml'];
          const metadata = assets['functions.json'];
          if (!manifest || !metadata) return;
          const xml = versionedManifest(manifest.source().toString(), metadata.source().toString());
          compilation.updateAsset('manifest.xml', new webpack.sources.RawSource(xml));
        },
      );
    });
  }
}

/** TypeScript and TSX through swc (no type-check here: `npm run typecheck` does that). Shared with the provider page's build. */
const typescriptRule = {
  test: /\.[cm]?[jt]sx?$/,
  exclude: /node_modules/,
  use: {
    loader: 'swc-loader',
    options: {
      jsc: {
        parser: { syntax: 'typescript', tsx: true },
        transform: { react: { runtime: 'automatic' } },
        target: 'es2020',
      },
    },
  },
};

module.exports = (env = {}, argv = {}) => {
  const production = argv.mode !== 'development';
  const target = baseUrlFrom(env.baseUrl || process.env.CAREFEE_BASE_URL);
  const localOfficeJs = (env.officeJs || process.env.CAREFEE_OFFICE_JS) === 'local';
  const onlyFunctions = env.only === 'functions';
  const outDir = env.outDir ? path.resolve(env.outDir) : path.join(root, 'dist/addin');
  // The pane is addin-pane's; until its entry exists the build still makes the functions.
  const withPane = !onlyFunctions && env.pane !== 'false' && fs.existsSync(taskpaneEntry);

  const entry = { functions: path.join(src, 'functions/entry.ts') };
  if (withPane) entry.taskpane = taskpaneEntry;

  const plugins = [
    new webpack.DefinePlugin({ __CAREFEE_BASE_URL__: JSON.stringify(target.base) }),
    new CustomFunctionsMetadataPlugin({
      input: path.join(src, 'functions/functions.ts'),
      output: 'functions.json',
    }),
    new DeploymentMetadataPlugin(target),
    new ManifestVersionPlugin(),
    new HelpPagePlugin(),
  ];
  if (!onlyFunctions) {
    plugins.push(
      new HtmlWebpackPlugin({
        template: path.join(src, 'runtime.html'),
        filename: 'taskpane.html',
        chunks: withPane ? ['functions', 'taskpane'] : ['functions'],
        chunksSortMode: 'manual',
        officeJsUrl: localOfficeJs ? 'office-js/office.js' : OFFICE_JS_CDN,
        minify: false,
      }),
      new CopyWebpackPlugin({
        patterns: [
          {
            from: path.join(root, 'addin/assets'),
            to: 'assets',
            globOptions: { ignore: ['**/*.mjs'] },
          },
          {
            from: path.join(root, 'manifest.xml'),
            to: 'manifest.xml',
            transform: (content) => manifestFor(content.toString(), target),
          },
          ...(localOfficeJs
            ? [
                {
                  from: path.join(root, 'node_modules/@microsoft/office-js/dist'),
                  to: 'office-js',
                  globOptions: { ignore: ['**/*.debug.js'] },
                  info: { minimized: true }, // Microsoft's files as shipped: never re-minify 50 MB
                },
              ]
            : []),
        ],
      }),
    );
  }

  return {
    name: 'addin',
    mode: production ? 'production' : 'development',
    context: root,
    target: ['web', 'es2020'],
    entry,
    output: { path: outDir, filename: '[name].js', clean: true },
    resolve: { extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] },
    module: { rules: [typescriptRule] },
    devtool: production ? false : 'eval-cheap-module-source-map',
    performance: { hints: false },
    plugins,
  };
};

module.exports.manifestFor = manifestFor;
module.exports.versionedManifest = versionedManifest;
module.exports.typescriptRule = typescriptRule;
module.exports.baseUrlFrom = baseUrlFrom;

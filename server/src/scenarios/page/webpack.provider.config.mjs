/**
 * The provider-facing page bundles, built into dist/provider/ (assets under /provider/): the
 * consultation page a share link opens (/s/:token, index.html) and the provider portal page
 * (/p/:token, portal.html). Separate from the add-in's webpack.config.js.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import addinWebpack from '../../../../webpack.config.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');

export default (_env, argv = {}) => {
  const production = argv.mode !== 'development';
  return {
    name: 'provider',
    mode: production ? 'production' : 'development',
    context: root,
    entry: {
      provider: path.resolve(here, 'index.tsx'),
      portal: path.resolve(here, '../../packages/page/index.tsx'),
    },
    output: {
      path: path.join(root, 'dist/provider'),
      publicPath: '/provider/',
      filename: production ? '[name].[contenthash:8].js' : '[name].js',
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      clean: true,
    },
    resolve: { extensions: ['.tsx', '.ts', '.mjs', '.js', '.json'] },
    module: { rules: [addinWebpack.typescriptRule] },
    devtool: production ? false : 'eval-cheap-module-source-map',
    performance: { hints: false },
    plugins: [
      new HtmlWebpackPlugin({
        template: path.resolve(here, 'index.html'),
        filename: 'index.html',
        chunks: ['provider'],
      }),
      new HtmlWebpackPlugin({
        template: path.resolve(here, '../../packages/page/portal.html'),
        filename: 'portal.html',
        chunks: ['portal'],
      }),
    ],
  };
};

/**
 * The provider page bundle: built into dist/provider/, served by the service for /s/:token
 * (assets under /provider/). Separate from the add-in's webpack.config.js.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');

export default (_env, argv = {}) => {
  const production = argv.mode !== 'development';
  return {
    name: 'provider',
    mode: production ? 'production' : 'development',
    context: root,
    entry: { provider: path.resolve(here, 'index.tsx') },
    output: {
      path: path.join(root, 'dist/provider'),
      publicPath: '/provider/',
      filename: production ? '[name].[contenthash:8].js' : '[name].js',
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      clean: true,
    },
    resolve: { extensions: ['.tsx', '.ts', '.mjs', '.js', '.json'] },
    module: {
      rules: [
        {
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
        },
      ],
    },
    devtool: production ? false : 'eval-cheap-module-source-map',
    performance: { hints: false },
    plugins: [
      new HtmlWebpackPlugin({
        template: path.resolve(here, 'index.html'),
        filename: 'index.html',
        chunks: ['provider'],
      }),
    ],
  };
};

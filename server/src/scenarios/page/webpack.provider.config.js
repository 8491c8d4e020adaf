/**
 * The provider page bundle: built into dist/provider/, served by the service for /s/:token
 * (assets under /provider/). Separate from the add-in's webpack.config.js.
 */
/* global require, module, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- webpack reads a CommonJS config */
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');

const root = path.resolve(__dirname, '../../../..');

module.exports = (_env, argv = {}) => {
  const production = argv.mode !== 'development';
  return {
    name: 'provider',
    mode: production ? 'production' : 'development',
    context: root,
    entry: { provider: path.resolve(__dirname, 'index.tsx') },
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
        template: path.resolve(__dirname, 'index.html'),
        filename: 'index.html',
        chunks: ['provider'],
      }),
    ],
  };
};

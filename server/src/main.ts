/**
 * Start the service: config, database, migrations, demo data (into an empty database), HTTP
 * or HTTPS, and a graceful stop on SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { loadConfig } from './config';
import { openDatabase } from './platform/db/database';
import { migrate } from './platform/db/migrate';
import { createLogger } from './logger';
import { createContext } from './services';
import { createApp } from './app';
import { DEMO_TOKENS, hasDemoOrganisation, seedDemo } from './demo/seed';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = await openDatabase(config);
  const applied = await migrate(db);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const ctx = createContext(config, db, logger);
  if (config.demo) {
    const seeded = await seedDemo(ctx);
    if (seeded) logger.info('demo organisation, users and cards seeded into the empty database');
  }
  const app = createApp(ctx);
  const server =
    config.tlsCert && config.tlsKey
      ? https.createServer(
          { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) },
          app,
        )
      : http.createServer(app);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));

  const where = config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
  console.log(`carefee service listening on ${config.publicBaseUrl} (database: ${where})`);
  if (config.demo && (await hasDemoOrganisation(ctx))) {
    console.log(
      'DEMO ONLY: well-known tokens for the "Demo City Council" organisation (public, not secrets):',
    );
    for (const [role, token] of Object.entries(DEMO_TOKENS))
      console.log(`  ${role.padEnd(8)} ${token}`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      await db.close().catch((err: unknown) => logger.error({ err }, 'closing the database'));
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * The service's settings, read once from the environment so every other module takes plain
 * values (and tests can build a config without touching process.env).
 */
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** PGlite data directory; ':memory:' keeps the database in memory (tests). */
  dataDir: string;
  /** PostgreSQL connection string; when set the service uses PostgreSQL instead of PGlite. */
  databaseUrl?: string;
  /** PostgreSQL schema to work in (tests isolate themselves this way); default: the server's search_path. */
  databaseSchema?: string;
  /** The origin the add-in is served from, allowed by CORS on the API. */
  addinOrigin?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** How clients reach the service, e.g. https://carefee.example.gov.uk (used in links and the manifest). */
  publicBaseUrl: string;
  /** Where the built add-in lives; served under /addin/ when the folder exists. */
  addinDir: string;
  logLevel: string;
  /** Seed the demo organisation, users, tokens and cards into an empty database. */
  demo: boolean;
  /** Failed authentications allowed per IP per window before 429. */
  authFailureLimit: number;
  authFailureWindowMs: number;
  /** Largest JSON body accepted (batch calculations are the big ones). */
  jsonLimit: string;
  /**
   * Express's 'trust proxy' (CAREFEE_TRUST_PROXY: a hop count, or addresses/subnets) so the
   * failed-sign-in limit counts the client's address, not the reverse proxy's. Off by default.
   */
  trustProxy: number | string | false;
}

type Env = Record<string, string | undefined>;

function intSetting(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

const blankToUndefined = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : value;

function trustProxySetting(raw: string | undefined): number | string | false {
  if (raw === undefined || raw === '' || raw === 'false' || raw === '0') return false;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

export function loadConfig(env: Env = process.env): Config {
  const port = intSetting(env, 'PORT', 3000);
  const host = env.HOST || '127.0.0.1';
  const tlsCert = blankToUndefined(env.CAREFEE_TLS_CERT);
  const tlsKey = blankToUndefined(env.CAREFEE_TLS_KEY);
  if (Boolean(tlsCert) !== Boolean(tlsKey)) {
    throw new Error('CAREFEE_TLS_CERT and CAREFEE_TLS_KEY must be set together');
  }
  const scheme = tlsCert ? 'https' : 'http';
  const dataDir = env.CAREFEE_DATA_DIR || './data';
  return {
    port,
    host,
    dataDir: dataDir === ':memory:' ? dataDir : path.resolve(dataDir),
    databaseUrl: blankToUndefined(env.DATABASE_URL),
    databaseSchema: blankToUndefined(env.CAREFEE_DATABASE_SCHEMA),
    addinOrigin: blankToUndefined(env.CAREFEE_ADDIN_ORIGIN),
    tlsCert,
    tlsKey,
    publicBaseUrl: (
      env.CAREFEE_PUBLIC_BASE_URL ||
      `${scheme}://${host === '0.0.0.0' ? 'localhost' : host}:${port}`
    ).replace(/\/+$/, ''),
    addinDir: path.resolve(env.CAREFEE_ADDIN_DIR || 'dist/addin'),
    logLevel: env.LOG_LEVEL || 'info',
    // The demo's tokens are public: on by default only for a local PGlite database, never
    // silently seeded into a PostgreSQL server.
    demo: env.CAREFEE_DEMO
      ? env.CAREFEE_DEMO !== '0' && env.CAREFEE_DEMO !== 'false'
      : !env.DATABASE_URL,
    authFailureLimit: intSetting(env, 'CAREFEE_AUTH_FAILURE_LIMIT', 30),
    authFailureWindowMs: intSetting(env, 'CAREFEE_AUTH_FAILURE_WINDOW_MS', 15 * 60 * 1000),
    jsonLimit: env.CAREFEE_JSON_LIMIT || '10mb',
    trustProxy: trustProxySetting(env.CAREFEE_TRUST_PROXY),
  };
}

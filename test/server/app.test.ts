import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../server/src/config';
import { startTestService, type TestService } from './helpers';

describe('loadConfig', () => {
  test('defaults: port 3000 on loopback, PGlite in ./data, demo on', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      demo: true,
      publicBaseUrl: 'http://127.0.0.1:3000',
    });
    expect(c.dataDir).toBe(path.resolve('data'));
  });

  test('PostgreSQL, HTTPS and the add-in origin come from the environment', () => {
    const c = loadConfig({
      PORT: '8443',
      DATABASE_URL: 'postgres://x@db/carefee',
      CAREFEE_TLS_CERT: 'c.pem',
      CAREFEE_TLS_KEY: 'k.pem',
      CAREFEE_ADDIN_ORIGIN: 'https://localhost:3000',
      CAREFEE_DEMO: '0',
    });
    expect(c).toMatchObject({
      port: 8443,
      databaseUrl: 'postgres://x@db/carefee',
      addinOrigin: 'https://localhost:3000',
      demo: false,
    });
    expect(c.publicBaseUrl).toBe('https://127.0.0.1:8443');
    // Public demo tokens are never seeded into PostgreSQL unless asked for.
    expect(loadConfig({ DATABASE_URL: 'postgres://x@db/carefee' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@db/carefee', CAREFEE_DEMO: '1' }).demo).toBe(
      true,
    );
  });

  test('mistakes stop the start with a reason', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ CAREFEE_TLS_CERT: 'c.pem' })).toThrow(/together/);
  });
});

describe('the built add-in under /addin/', () => {
  let s: TestService;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'carefee-addin-'));
    writeFileSync(path.join(dir, 'functions.json'), '{"functions":[]}');
    s = await startTestService({ config: { addinDir: dir } });
  });
  afterAll(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('any origin may GET the files, and Excel may frame them', async () => {
    const res = await request(s.app)
      .get('/addin/functions.json')
      .set('Origin', 'https://excel.officeapps.live.com')
      .expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['content-security-policy']).toBeUndefined();
    expect(res.body).toEqual({ functions: [] });
  });

  test('a missing file is a JSON 404, not a 500', async () => {
    const res = await request(s.app).get('/addin/nope.js').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  test('the API keeps its strict headers', async () => {
    const res = await request(s.app)
      .get('/api/v1/me')
      .set('Authorization', s.auth('viewer'))
      .expect(200);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  test('over plain http, browsers are not told to upgrade requests to an https that is not there', async () => {
    const res = await request(s.app).get('/healthz').expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });
});

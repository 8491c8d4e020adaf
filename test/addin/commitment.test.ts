/**
 * =CARE.COMMITMENT against the real service: the add-in's core talks HTTP to a test service
 * holding one live agreement, and the cell shows the year's commitment to the penny.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';
import * as functions from '../../addin/src/functions/functions';
import { createCarefee, memoryStore, setCarefee } from '../../addin/src/core';
import { startTestService, type TestService } from '../server/helpers';
import { installFakeRuntime, invoke, type Registry } from './functions.fixtures';

let s: TestService;
let server: Server;
let registry: Registry;

beforeAll(async () => {
  registry = installFakeRuntime();
  const generated = await generateCustomFunctionsMetadata(
    ['addin/src/functions/functions.ts'],
    false,
  );
  for (const a of generated.associate)
    CustomFunctions.associate(
      a.id,
      (functions as unknown as Record<string, (...args: unknown[]) => unknown>)[a.functionName]!,
    );
  s = await startTestService();
  // One live agreement: £880.00 a week from Thursday 3 April 2025, £900.00 from 17 April.
  await s.ctx.db.query(
    `INSERT INTO service_agreements (id, organisation_id, provider_id, person_reference, category, funding,
       start_date, weekly_price, price_provenance, funding_split, status, created_by)
     VALUES ('a1', $1, 'p1', 'P-1', 'older-residential', 'council', '2025-04-03', 880.00, '{}', '{}', 'active', 'u')`,
    [s.orgId],
  );
  await s.ctx.db.query(
    `INSERT INTO agreement_variations (id, organisation_id, agreement_id, effective_from, weekly_price, reason,
       status, requested_by) VALUES ('v1', $1, 'a1', '2025-04-17', 900.00, 'review', 'completed', 'u')`,
    [s.orgId],
  );
  server = s.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
}, 120_000);

afterAll(async () => {
  setCarefee(undefined);
  server?.close();
  await s?.close();
});

const connect = (token: string) =>
  setCarefee(
    createCarefee({
      store: memoryStore({
        'carefee.serviceUrl': `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        'carefee.token': token,
      }),
    }),
  );

test('CARE.COMMITMENT(year, [category], [funding]) is the service figure to the penny', async () => {
  connect(s.tokens.viewer);
  // 14 days × 880 ÷ 7 = £1,760.00 and 349 days × 900 ÷ 7 = £44,871.43 in 2025/26.
  expect(await invoke(registry, 'COMMITMENT', 2025)).toBe(46631.43);
  expect(await invoke(registry, 'COMMITMENT', 2025, 'older-residential', 'Council')).toBe(46631.43);
  expect(await invoke(registry, 'COMMITMENT', 2025, null, 'chc')).toBe(0);
  expect(await invoke(registry, 'COMMITMENT', 2024)).toBe(0);
});

test('bad input is #VALUE!, no connection #N/A: never a silent 0', async () => {
  connect(s.tokens.viewer);
  expect(await invoke(registry, 'COMMITMENT', 2025.5)).toMatchObject({ error: '#VALUE!' });
  expect(await invoke(registry, 'COMMITMENT', 2025, null, 'lottery')).toMatchObject({
    error: '#VALUE!',
  });
  connect('not-a-token');
  expect(await invoke(registry, 'COMMITMENT', 2025)).toMatchObject({ error: '#N/A' });
});

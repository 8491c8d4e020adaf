/** The demo shows the whole care-package chain at once, with figures to the penny. */
import request from 'supertest';
import { createApp } from '../../server/src/app';
import { openDatabase } from '../../server/src/platform/db/database';
import { migrate } from '../../server/src/platform/db/migrate';
import { createLogger } from '../../server/src/logger';
import { createContext } from '../../server/src/services';
import { seedDemo } from '../../server/src/demo/seed';
import { DEMO_PORTAL_TOKEN } from '../../server/src/packages/demo';
import { testConfig } from './helpers';

test('npm start demo: open requirement with offers, live agreements, receipts, a year commitment', async () => {
  const config = testConfig();
  const db = await openDatabase(config);
  try {
    await migrate(db);
    const ctx = createContext(config, db, createLogger('silent'));
    const seeded = await seedDemo(ctx);
    const app = createApp(ctx);
    const auth = `Bearer ${seeded!.tokens.viewer}`;

    const open = await request(app)
      .get('/api/v1/requirements?status=open')
      .set('Authorization', auth)
      .expect(200);
    expect(open.body.items).toHaveLength(1);
    const detail = await request(app)
      .get(`/api/v1/requirements/${open.body.items[0].id}`)
      .set('Authorization', auth)
      .expect(200);
    expect(detail.body.offers.map((o: { weeklyPrice: string }) => o.weeklyPrice)).toEqual([
      '845.00',
      '790.00',
    ]);

    // 2025/26: DEMO-0001 £46,631.43 (880 then 900 from 17 April); DEMO-0002 from 2 June at
    // £1,250: 303 days × 1250 ÷ 7 = 54,107.142… → £54,107.14.
    const c = await request(app).get('/api/v1/commitment?year=2025').set('Authorization', auth);
    expect(c.body).toMatchObject({
      agreements: 2,
      total: '100738.57',
      byFunding: [
        { key: 'chc', agreements: 1, total: '54107.14' },
        { key: 'council', agreements: 1, total: '46631.43' },
      ],
    });
    const receipts = await request(app).get(`/p/${DEMO_PORTAL_TOKEN}/api/receipts`).expect(200);
    // Weekly to a Sunday for three weeks from each start: four for DEMO-0001 (from a
    // Thursday), three for DEMO-0002 (from a Monday); the first of each paid.
    expect(receipts.body.items.map((r: { status: string }) => r.status)).toEqual([
      'paid',
      'raised',
      'raised',
      'raised',
      'paid',
      'raised',
      'raised',
    ]);
  } finally {
    await db.close();
  }
}, 120_000);

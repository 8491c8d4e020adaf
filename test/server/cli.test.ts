import request from 'supertest';
import { runAdmin } from '../../server/src/cli/admin';
import { startTestService, type TestService } from './helpers';

describe('npm run admin', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService();
  });
  afterAll(() => s.close());

  async function admin(...args: string[]): Promise<string[]> {
    const lines: string[] = [];
    await runAdmin(s.ctx, args, (l) => lines.push(l));
    return lines;
  }

  test('create-org, create-user and create-token give a working token, shown once; revoke-token ends it', async () => {
    expect((await admin('create-org', 'Black', 'Country', 'ICB'))[0]).toMatch(
      /^organisation \S+ "Black Country ICB"$/,
    );
    expect((await admin('create-user', 'Black Country ICB', 'Priya Shah', 'approver'))[0]).toMatch(
      /"Priya Shah" \(approver\)/,
    );
    const out = await admin('create-token', 'Black Country ICB', 'Priya Shah', 'laptop');
    const token = out[2]!;
    const tokenId = /token id (\S+)/.exec(out[0]!)![1]!;
    const me = await request(s.app)
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(me.body).toMatchObject({
      user: { name: 'Priya Shah', role: 'approver' },
      organisation: { name: 'Black Country ICB' },
    });

    const listed = (await admin('list-tokens', 'Black Country ICB')).join('\n');
    expect(listed).toContain(tokenId);
    expect(listed).not.toContain(token);

    await admin('revoke-token', tokenId);
    await request(s.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect((await admin('list-tokens', 'Black Country ICB')).join('\n')).toMatch(/revoked/);
  });

  test('mistakes are refused with a reason', async () => {
    await expect(admin('create-user', 'Nowhere Council', 'A', 'viewer')).rejects.toThrow(
      /no organisation/,
    );
    await expect(admin('create-user', 'Test City Council', 'A', 'superuser')).rejects.toThrow(
      /viewer\|editor/,
    );
    await expect(admin('create-org', 'Test City Council')).rejects.toThrow(/already exists/);
    await expect(admin('frobnicate')).rejects.toThrow(/unknown command/);
  });
});

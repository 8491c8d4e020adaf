/**
 * The demo's scenario: next year's review of the demo care home card, open for responses, with a
 * well-known share link so a newcomer can open the provider page at once. The link is public
 * knowledge, like the demo API tokens: DEMO ONLY.
 */
import type { AppContext } from '../context';
import type { Principal } from '../platform/auth/roles';
import { ScenarioRepository } from './repository';

/** 43 base64url characters, the shape of a real token; public, DEMO ONLY. */
export const DEMO_SHARE_TOKEN = 'DEMO-provider-link-NOT-A-SECRET-00000000000';

const DAY = 86_400_000;

export async function seedDemoScenario(
  ctx: AppContext,
  editor: Principal,
  now = new Date(),
): Promise<string> {
  const repo = new ScenarioRepository(ctx.db, ctx.audit, ctx.cards);
  const scenario = await repo.create(editor, {
    title: 'Demo City care home fees 2026/27: proposal for consultation',
    baseCard: { id: 'demo-care-homes', version: 1 },
    // Demo figures, not published index values.
    proposed: {
      uplift: {
        reviewYear: 2026,
        cpihChange: '0.035',
        nlwChange: '0.041',
        localWageChange: '0.045',
      },
    },
    assumptions: { notes: 'Demo figures for trying carefee; not a real consultation.' },
    opensAt: new Date(now.getTime() - DAY).toISOString(),
    closesAt: new Date(now.getTime() + 90 * DAY).toISOString(),
  });
  await repo.createLink(
    editor,
    scenario.id,
    { label: 'Demo provider forum (public demo link)' },
    DEMO_SHARE_TOKEN,
  );
  const url = `${ctx.config.publicBaseUrl}/s/${DEMO_SHARE_TOKEN}`;
  ctx.logger.info({ url }, 'demo scenario shared with providers (public demo link)');
  return url;
}

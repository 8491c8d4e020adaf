/**
 * Demo data for a first run: an organisation, one user of each role with well-known DEMO
 * tokens, and three approved cards. The figures are made up for the demo (only Nottingham's
 * published base rate, £469.28 a week, is a real number). Seeded through the same repository
 * functions as real use, so the cards carry an author and a different approver and the audit
 * log records it all.
 *
 * The tokens are fixed and printed on every start so a newcomer can try the add-in at once.
 * They are public knowledge: never run a demo-seeded database with real data.
 */
import { seedDemoPackages } from '../packages/demo';
import type { AppContext } from '../context';
import type { Role } from '../platform/auth/roles';
import type { Principal } from '../platform/auth/roles';
import type { RateCardInput } from '../../../shared/src/rateCard';
import { systemActor } from '../rateCards/repository';
import { seedDemoScenario } from '../scenarios/demo';
import { seedDemoProviders } from '../providers/demo';
import { SCHEMA_LOCK } from '../platform/db/migrate';

export const DEMO_ORGANISATION = 'Demo City Council';

/** Public, well-known, DEMO ONLY. */
export const DEMO_TOKENS = {
  viewer: 'cf_demo_viewer_NOT_A_SECRET',
  editor: 'cf_demo_editor_NOT_A_SECRET',
  approver: 'cf_demo_approver_NOT_A_SECRET',
  admin: 'cf_demo_admin_NOT_A_SECRET',
} as const satisfies Record<Role, string>;

const DEMO_USERS: Array<{ name: string; role: Role }> = [
  { name: 'Demo Viewer', role: 'viewer' },
  { name: 'Demo Editor', role: 'editor' },
  { name: 'Demo Approver', role: 'approver' },
  { name: 'Demo Admin', role: 'admin' },
];

/** Banded, Birmingham-style: one hotel cost for every bed-based category, care cost by category and band. */
export const demoBandedCard: RateCardInput = {
  id: 'demo-care-homes',
  version: 1,
  title: 'Demo City care home rates 2025/26',
  commissioner: DEMO_ORGANISATION,
  effectiveFrom: '2025-04-01',
  hotelCost: '281.40',
  categories: [
    { id: 'op-residential', name: 'Older people residential', careCost: '262.15' },
    { id: 'op-nursing', name: 'Older people nursing (excluding FNC)', careCost: '236.60' },
    { id: 'op-dementia', name: 'Older people residential dementia', careCost: '318.75' },
    {
      id: 'ld',
      name: 'Learning disability',
      bands: [
        { id: '1', name: 'Band 1', careCost: '395.00' },
        { id: '2', name: 'Band 2', careCost: '548.20' },
        { id: '3', name: 'Band 3', careCost: '712.45' },
        { id: '4', name: 'Band 4', careCost: '906.80' },
      ],
    },
    {
      id: 'mh',
      name: 'Mental health',
      bands: [
        { id: '1', name: 'Band 1', careCost: '341.30' },
        { id: '2', name: 'Band 2', careCost: '468.90' },
        { id: '3', name: 'Band 3', careCost: '627.10' },
      ],
    },
  ],
  localCareWage: { name: 'Demo City Care Wage', hourlyRate: '12.85', effectiveFrom: '2025-04-01' },
  notes: 'Demo figures. Gold +2%, Silver standard, Bronze -3% after the improvement deadline.',
};

/** Single rate, Nottingham-style: one base rate for all homes. */
export const demoSingleRateCard: RateCardInput = {
  id: 'demo-base-rate',
  version: 1,
  title: 'Demo base rate 2025/26',
  commissioner: DEMO_ORGANISATION,
  effectiveFrom: '2025-04-01',
  hotelCost: '0.00',
  categories: [{ id: 'base', name: 'Base rate, all homes', careCost: '469.28' }],
  notes: 'One base rate for every home; specialist services are priced individually.',
};

/** Continuing Healthcare tiers: fixed weekly fees, then a base fee plus bought staffing hours. */
export const demoChcCard: RateCardInput = {
  id: 'demo-chc-tiers',
  version: 1,
  title: 'Demo ICB CHC complex care tiers 2025/26',
  commissioner: 'Demo Integrated Care Board',
  effectiveFrom: '2025-04-01',
  hotelCost: '0.00',
  categories: [{ id: 'chc-nursing', name: 'CHC nursing placement', careCost: '1185.00' }],
  chcTiers: [
    { kind: 'fixed', id: 'tier-1', name: 'Tier 1: nursing, standard needs', weeklyFee: '1185.00' },
    { kind: 'fixed', id: 'tier-2', name: 'Tier 2: nursing, complex needs', weeklyFee: '1462.50' },
    {
      kind: 'staffed',
      id: 'tier-3',
      name: 'Tier 3: complex needs with shared daytime staffing',
      baseWeeklyFee: '1462.50',
      staffing: { hoursPerDay: 12, staff: 1, people: 2, hourlyRate: '21.40' },
    },
    {
      kind: 'staffed',
      id: 'tier-4',
      name: 'Tier 4: 1:1 staffing around the clock',
      baseWeeklyFee: '1462.50',
      staffing: { hoursPerDay: 24, staff: 1, people: 1, hourlyRate: '21.40' },
    },
  ],
};

export const DEMO_CARDS = [demoBandedCard, demoSingleRateCard, demoChcCard];

export async function isDatabaseEmpty(ctx: AppContext): Promise<boolean> {
  const { rows } = await ctx.db.query('SELECT 1 FROM organisations LIMIT 1');
  return rows.length === 0;
}

export interface DemoSeed {
  organisationId: string;
  tokens: typeof DEMO_TOKENS;
}

/** Seed the demo organisation into an empty database (does nothing otherwise and returns null). */
export async function seedDemo(ctx: AppContext): Promise<DemoSeed | null> {
  // Instances starting together take turns (the migrations' lock): the first seeds, the rest
  // find the database no longer empty.
  return ctx.db.withSessionLock(SCHEMA_LOCK, () => seedEmptyDatabase(ctx));
}

async function seedEmptyDatabase(ctx: AppContext): Promise<DemoSeed | null> {
  if (!(await isDatabaseEmpty(ctx))) return null;
  const org = await ctx.orgs.createOrganisation(systemActor, DEMO_ORGANISATION);
  const principals = {} as Record<Role, Principal>;
  for (const u of DEMO_USERS) {
    const user = await ctx.orgs.createUser(systemActor, org.id, u.name, u.role);
    await ctx.orgs.createToken(
      systemActor,
      user.id,
      'demo token (public, DEMO ONLY)',
      DEMO_TOKENS[u.role],
    );
    principals[u.role] = {
      userId: user.id,
      name: u.name,
      role: u.role,
      organisationId: org.id,
      organisationName: org.name,
    };
  }
  for (const card of DEMO_CARDS) {
    const draft = await ctx.cards.createDraft(principals.editor, card);
    await ctx.cards.submit(principals.editor, draft.meta.id, draft.meta.version);
    await ctx.cards.approve(principals.approver, draft.meta.id, draft.meta.version);
  }
  await seedDemoScenario(ctx, principals.editor);
  await seedDemoProviders(ctx, principals.editor, principals.approver, principals.admin);
  await seedDemoPackages(ctx, { editor: principals.editor, approver: principals.approver });
  return { organisationId: org.id, tokens: DEMO_TOKENS };
}

/** Whether this database holds the demo organisation (so its well-known tokens work). */
export async function hasDemoOrganisation(ctx: AppContext): Promise<boolean> {
  return (await ctx.orgs.findOrganisation(DEMO_ORGANISATION)) !== null;
}

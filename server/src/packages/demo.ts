/**
 * The demo's care packages, so a newcomer sees the whole chain at once: three rated homes with
 * portal links (one well-known, DEMO ONLY), an open requirement with two offers, and two live
 * agreements (one with a completed variation) with receipts raised, one paid.
 */
import type { AppContext } from '../context';
import type { Principal } from '../platform/auth/roles';
import { PortalLinkRepository } from './portalLinks';
import { PackageRepository, type ProviderActor } from './repository';

/** 43 base64url characters, the shape of a real token; public, DEMO ONLY. */
export const DEMO_PORTAL_TOKEN = 'DEMO-portal-link-oak-NOT-A-SECRET-000000000';

const DAY = 86_400_000;
const HOMES = [
  { name: 'Oak House Care (demo)', cqc: 'Outstanding' },
  { name: 'Elm Lodge (demo)', cqc: 'Good' },
  { name: 'Ash Court (demo)', cqc: 'Requires Improvement' },
] as const;

export async function seedDemoPackages(
  ctx: AppContext,
  people: { editor: Principal; approver: Principal },
  now = new Date(),
): Promise<void> {
  const repo = new PackageRepository(ctx.db, ctx.audit, ctx.providers);
  const links = new PortalLinkRepository(ctx.db, ctx.audit);
  const { editor, approver } = people;
  const actors: ProviderActor[] = [];
  for (const [i, home] of HOMES.entries()) {
    const p = await ctx.providers.createProvider(editor, { name: home.name });
    const location = await ctx.providers.addLocation(editor, p.id, {
      name: home.name,
      serviceType: 'residential',
      categories: ['op-residential', 'op-dementia', 'ld'],
    });
    await ctx.providers.recordInspection(editor, location.id, {
      date: '2025-02-01',
      body: 'CQC',
      kind: 'full',
      result: home.cqc,
    });
    const { link } = await links.create(
      editor,
      { providerId: p.id, label: `${home.name} portal${i === 0 ? ' (public demo link)' : ''}` },
      ...(i === 0 ? [DEMO_PORTAL_TOKEN] : []),
    );
    actors.push({ organisationId: editor.organisationId, providerId: p.id, linkId: link.id });
  }
  const meets = [{ questionId: 'needs-met', answer: true }];
  const base = {
    specialistNeeds: '',
    area: 'North',
    endDate: null,
    questions: [
      {
        id: 'needs-met',
        text: 'Can you meet the needs in the summary?',
        kind: 'mandatory' as const,
      },
    ],
    invitedProviders: null,
  };
  const offer = (k: number, id: string, weeklyPrice: string) =>
    repo.submitOffer(actors[k]!, id, { confirmsNeeds: true, weeklyPrice, answers: meets });

  // Two placements made and running.
  const placed = [
    {
      ref: 'DEMO-0001',
      category: 'op-residential',
      band: undefined,
      start: '2025-04-03',
      funding: 'council',
      prices: [['880.00', '910.00']],
    },
    {
      ref: 'DEMO-0002',
      category: 'ld',
      band: '2',
      start: '2025-06-02',
      funding: 'chc',
      prices: [['1250.00', '1300.00']],
    },
  ] as const;
  for (const p of placed) {
    const r = await repo.createRequirement(editor, {
      ...base,
      personReference: p.ref,
      needs: { kind: 'category', category: p.category, band: p.band },
      sharedSummary: `Demo placement: ${p.category}`,
      category: p.category,
      startDate: p.start,
      funding: p.funding,
      closesAt: new Date(now.getTime() + DAY).toISOString(),
    });
    const [winning, losing] = p.prices[0];
    await offer(0, r.id, winning);
    await offer(1, r.id, losing);
    await repo.closeRequirement(editor, r.id, now);
    const { agreement } = await repo.award(
      approver,
      r.id,
      { receiptFrequency: 'weekly', capabilityScores: [] },
      now,
    );
    await repo.respond(actors[0]!, agreement.id, { accept: true }, now);
    if (p.ref === 'DEMO-0001') {
      const v = await repo.requestVariation(editor, agreement.id, {
        effectiveFrom: '2025-04-17',
        weeklyPrice: '900.00',
        reason: 'Needs increased at the six-week review (demo)',
      });
      await repo.moveVariation(approver, v.id, 'approve', now);
      await repo.moveVariation(editor, v.id, 'complete', now);
    }
    const receipts = await repo.raiseReceipts(editor, agreement.id, addDaysIso(p.start, 20));
    const first = receipts[0]!;
    await repo.moveReceipt({ provider: actors[0]! }, first.id, 'submit', {}, now);
    await repo.moveReceipt({ principal: approver }, first.id, 'approve', {}, now);
    await repo.moveReceipt(
      { principal: approver },
      first.id,
      'invoice',
      { invoiceReference: `DEMO-INV-${p.ref}` },
      now,
    );
    await repo.moveReceipt({ principal: approver }, first.id, 'pay', {}, now);
  }

  // One requirement open for offers, with two so far.
  const open = await repo.createRequirement(editor, {
    ...base,
    personReference: 'DEMO-0003',
    needs: { kind: 'category', category: 'op-dementia' },
    sharedSummary: 'Older person with dementia; ground-floor room (demo)',
    category: 'op-dementia',
    startDate: new Date(now.getTime() + 21 * DAY).toISOString().slice(0, 10),
    funding: 'council',
    closesAt: new Date(now.getTime() + 14 * DAY).toISOString(),
    indicativeCost: {
      coreHours: '20',
      oneToOneHours: '10',
      twoToOneHours: '0',
      hourlyRate: '12.60',
      wakingNights: '0',
      wakingNightRate: '0.00',
      sleepingNights: '0',
      sleepingNightRate: '0.00',
      onCosts: '0.25',
      overheads: '0.15',
      returnRate: '0.05',
    },
  });
  await offer(1, open.id, '845.00');
  await offer(2, open.id, '790.00');
}

function addDaysIso(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

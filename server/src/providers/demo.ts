/**
 * Demo providers for a first run: made-up homes whose records exercise every rating rule
 * (Birmingham's quality framework) and one escalation, a monitoring framework (the EXAMPLE) with
 * an Amber visit and its action plan and a Green one, and an enrolment in progress whose
 * insurance expires a month from today; seeded through the repositories so the audit log holds
 * it all. Names and CQC IDs are fictional.
 */
import type { AppContext } from '../context';
import type { Principal } from '../platform/auth/roles';
import type { InspectionRecordInput, LocationInput } from '../../../shared/src/contract/providers';
import { addDays } from '../../../shared/src/dates';
import type { Rag } from '../../../shared/src/monitoring';
import { todayInEngland } from './repository';

interface DemoHome {
  provider: string;
  location: Omit<LocationInput, 'serviceType'> & { serviceType?: LocationInput['serviceType'] };
  inspections: InspectionRecordInput[];
  plan?: { opened: string; deadline: string; validatedOn?: string };
  statement?: { due: string; receivedOn?: string; declaredRating?: 'Bronze' };
  suspension?: { effectiveOn: string; reason: string };
}

const full = (date: string, body: 'CQC' | 'council' | 'NHS', result: string) => ({
  date,
  body,
  kind: 'full' as const,
  result,
});

const HOMES: DemoHome[] = [
  {
    provider: 'Magnolia Care Group',
    location: { name: 'Magnolia Court', cqcLocationId: '1-9000000001', beds: 48 },
    inspections: [full('2025-02-11', 'CQC', 'Outstanding')],
  },
  {
    provider: 'Larch Homes Ltd',
    location: { name: 'Larch House', cqcLocationId: '1-9000000002', beds: 36 },
    inspections: [full('2025-01-15', 'CQC', 'Good')],
  },
  {
    // Bronze with an improvement deadline that passed unvalidated: −3% on packages after it.
    provider: 'Ivy Lodge Care',
    location: { name: 'Ivy Lodge', cqcLocationId: '1-9000000003', beds: 28 },
    inspections: [full('2025-03-04', 'council', 'Bronze')],
    plan: { opened: '2025-03-10', deadline: '2025-09-01' },
  },
  {
    // CQC Inadequate, then a CQC focused Good removes it: Silver.
    provider: 'Rowan Healthcare',
    location: {
      name: 'Rowan Nursing Home',
      cqcLocationId: '1-9000000004',
      serviceType: 'nursing',
      categories: ['nursing'],
      beds: 52,
    },
    inspections: [
      full('2025-02-01', 'CQC', 'Inadequate'),
      { date: '2025-08-20', body: 'CQC', kind: 'focused', result: 'Good' },
    ],
  },
  {
    // A council Inadequate, then the improvement plan validated: awarded Bronze.
    provider: 'Poplar Residential',
    location: { name: 'Poplar House', cqcLocationId: '1-9000000005', beds: 22 },
    inspections: [full('2025-01-20', 'council', 'Inadequate')],
    plan: { opened: '2025-01-27', deadline: '2025-07-31', validatedOn: '2025-06-30' },
  },
  {
    // The six-monthly assurance statement never arrived: Inadequate until it does.
    provider: 'Sycamore Care',
    location: { name: 'Sycamore View', cqcLocationId: '1-9000000006', beds: 30 },
    inspections: [full('2025-01-09', 'CQC', 'Good')],
    statement: { due: '2025-10-01' },
  },
  {
    // A downgrade declared in the assurance statement applies at once.
    provider: 'Aspen Living',
    location: { name: 'Aspen House', cqcLocationId: '1-9000000007', beds: 40 },
    inspections: [full('2024-11-05', 'NHS', 'Green')],
    statement: { due: '2025-05-05', receivedOn: '2025-05-01', declaredRating: 'Bronze' },
  },
  {
    // In escalation: Contract Suspension, so no new package can be priced.
    provider: 'Willow Home Support',
    location: {
      name: 'Willow Home Care (North)',
      cqcLocationId: '1-9000000008',
      serviceType: 'home_support',
    },
    inspections: [full('2025-04-14', 'CQC', 'Requires Improvement')],
    suspension: {
      effectiveOn: '2025-10-06',
      reason: 'missed calls and safeguarding concerns found at the monitoring visit',
    },
  },
];

export async function seedDemoProviders(
  ctx: AppContext,
  editor: Principal,
  approver: Principal,
  admin: Principal = approver,
): Promise<void> {
  const locations = new Map<string, string>();
  const providers = new Map<string, string>();
  for (const home of HOMES) {
    const p = await ctx.providers.createProvider(editor, { name: home.provider });
    const l = await ctx.providers.addLocation(editor, p.id, {
      serviceType: 'residential',
      categories: ['op-residential', 'op-dementia'],
      address: 'Demo Street',
      ...home.location,
    });
    locations.set(home.location.name, l.id);
    providers.set(home.provider, p.id);
    for (const i of home.inspections) await ctx.providers.recordInspection(editor, l.id, i);
    if (home.plan) await ctx.providers.recordPlan(editor, l.id, home.plan);
    if (home.statement) await ctx.providers.recordStatement(editor, l.id, home.statement);
    if (home.suspension) {
      const step = await ctx.providers.proposeEscalation(editor, p.id, {
        stage: 'contract_suspension',
        ...home.suspension,
      });
      await ctx.providers.decideEscalation(approver, step.id, 'approved', 'agreed at panel');
    }
  }
  await seedDemoMonitoring(ctx, { editor, admin }, locations);
  await seedDemoEnrolment(ctx, { editor, approver, admin }, providers);
}

/** Score every indicator of the framework: the first `reds` Red, the next `ambers` Amber. */
const scored = (keys: string[], reds: number, ambers: number) =>
  keys.map((indicator, i) => ({
    indicator,
    rag: (i < reds ? 'Red' : i < reds + ambers ? 'Amber' : 'Green') as Rag,
    notes: i < reds ? 'Seen on the visit: needs action' : '',
  }));

/**
 * The EXAMPLE monitoring framework, an Amber council visit to a residential home with an action
 * plan (overdue by now), and a Green NHS visit to the nursing home.
 */
async function seedDemoMonitoring(
  ctx: AppContext,
  who: { editor: Principal; admin: Principal },
  locations: Map<string, string>,
) {
  const framework = await ctx.monitoring.copyExample(who.admin);
  const keys = framework.groups.flatMap((g) => g.indicators.map((i) => i.key));
  const larch = await ctx.monitoring.recordVisit(who.editor, locations.get('Larch House')!, {
    frameworkId: framework.id,
    visitedOn: '2025-09-15',
    scores: scored(keys, 1, 2),
    summary: 'Medicines records incomplete; staffing otherwise good.',
  });
  await ctx.monitoring.addAction(who.editor, larch.locationId, {
    action: 'Audit every medicines record and retrain night staff',
    dueOn: '2025-12-31',
    visitId: larch.id,
  });
  await ctx.monitoring.recordVisit(who.editor, locations.get('Rowan Nursing Home')!, {
    frameworkId: framework.id,
    visitedOn: '2025-10-02',
    scores: scored(keys, 0, 0),
  });
}

/**
 * An enrolment in progress on a framework with the default checklist: four criteria evidenced
 * (one decided), insurance expiring a month from today so the expiring-evidence report shows it.
 */
async function seedDemoEnrolment(
  ctx: AppContext,
  who: { editor: Principal; approver: Principal; admin: Principal },
  providers: Map<string, string>,
) {
  const framework = await ctx.enrolment.createFramework(who.admin, {
    name: 'Care homes framework (demo)',
  });
  const enrolment = await ctx.enrolment.apply(who.editor, {
    providerId: providers.get('Magnolia Care Group')!,
    frameworkId: framework.id,
    appliedOn: '2025-09-01',
  });
  const evidence: Array<[string, string, string | null]> = [
    ['company-details', 'Companies House number 00000001 (demo)', null],
    ['key-supplier-information', 'Directors and registered manager listed (demo)', null],
    ['economic-financial-standing', 'Accounts for 2024 (demo)', null],
    ['insurance', 'Public and employer’s liability, policy DEMO-1', addDays(todayInEngland(), 30)],
  ];
  for (const [criterion, text, expiresOn] of evidence) {
    const item = await ctx.enrolment.recordEvidence(who.editor, enrolment.id, {
      criterion,
      evidence: text,
      expiresOn,
    });
    if (criterion === 'company-details')
      await ctx.enrolment.decideEvidence(who.approver, item.id, 'met', 'checked online');
  }
}

/**
 * The Providers view's data, apart from React: what evidence falls due, every provider matching
 * a search (page by page), and the provider list laid out as a sheet table.
 */
import { ESCALATION_STAGE_LABELS } from '../../../shared/src/providerStanding';
import type { SheetTableSpec } from './excelActions';
import { DATE_FORMAT } from './excelActions';
import type {
  CarefeeApi,
  ExpiringEvidence,
  LocationEvidence,
  ProviderListItem,
  StandingReply,
} from './services';

/** How far ahead the pane lists enrolment evidence about to expire (the report's default). */
export const EXPIRING_WITHIN_DAYS = 60;

/** Providers per request when reading a whole list (the service's largest page). */
export const PROVIDER_PAGE = 500;

export interface EvidenceDue {
  what: string;
  due: string;
  /** The due date is before the as-of date and nothing has arrived. */
  overdue: boolean;
}

/**
 * Evidence still owed, from the location's record: assurance statements due and not received
 * (nor found falsified), and improvement plans neither validated nor failed by their deadline.
 * Soonest first.
 */
export function evidenceDue(evidence: LocationEvidence, asOf: string): EvidenceDue[] {
  const due: EvidenceDue[] = [
    ...evidence.statements
      .filter((s) => s.receivedOn === null && s.falsifiedOn === null)
      .map((s) => ({ what: 'Six-monthly assurance statement', due: s.due })),
    ...evidence.plans
      .filter((p) => p.validatedOn === null && p.failedOn === null)
      .map((p) => ({ what: `Improvement plan (opened ${p.opened}) validated`, due: p.deadline })),
  ].map((d) => ({ ...d, overdue: d.due < asOf }));
  return due.sort((a, b) => a.due.localeCompare(b.due));
}

/** A provider's enrolment evidence expiring soon or expired (from the expiring-evidence report). */
export function enrolmentDue(
  report: readonly ExpiringEvidence[],
  providerId: string,
): EvidenceDue[] {
  return report
    .filter((e) => e.providerId === providerId)
    .map((e) => ({
      what: `${e.heading} (${e.frameworkName}) ${e.expired ? 'expired' : 'expires'}`,
      due: e.expiresOn,
      overdue: e.expired,
    }));
}

export function stageLabel(stage: StandingReply['stage']): string {
  return stage ? ESCALATION_STAGE_LABELS[stage] : 'None';
}

/** "Gold", "Bronze (−3% on new packages)", "Not rated". */
export function ratingLabel(standing: StandingReply): string {
  if (!standing.rating) return 'Not rated';
  return standing.bronzeDeductionApplies
    ? `${standing.rating} (−3% on new packages)`
    : standing.rating;
}

/** Every provider matching `q`, as of a date, reading the service a page at a time. */
export async function allProviders(
  api: CarefeeApi,
  query: { q?: string; asOf: string },
  onPage?: (read: number, total: number) => void,
  signal?: AbortSignal,
): Promise<ProviderListItem[]> {
  if (!api.listProviders) throw new Error('This carefee service has no provider record.');
  const items: ProviderListItem[] = [];
  for (;;) {
    if (signal?.aborted) throw new DOMException('cancelled', 'AbortError');
    const page = await api.listProviders({ ...query, limit: PROVIDER_PAGE, offset: items.length });
    items.push(...page.items);
    onPage?.(items.length, page.total);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}

export const PROVIDER_TABLE_HEADERS = [
  'Provider',
  'Company number',
  'CQC provider ID',
  'Locations',
  'CQC location IDs',
  'Rating',
  'Bronze −3% applies',
  'Suspended',
  'Escalation stage',
  'Why',
  'As of',
];

/** The provider list as a sheet table: one row per provider, its standing on `asOf`. */
export function providerTableSpec(
  items: readonly ProviderListItem[],
  query: { q?: string; asOf: string },
): SheetTableSpec {
  return {
    sheetName: `Providers ${query.asOf}`,
    tableName: `Providers_${query.asOf}`,
    notes: [
      ['Providers from the carefee record', ''],
      [
        `Standing on ${query.asOf}${query.q ? `, matching "${query.q}"` : ''}: ${items.length} providers`,
        '',
      ],
    ],
    headers: PROVIDER_TABLE_HEADERS,
    count: items.length,
    row: (i) => {
      const p = items[i]!;
      const s = p.standing;
      return [
        p.name,
        p.companyNumber ?? '',
        p.cqcProviderId ?? '',
        p.locations.map((l) => l.name).join('; '),
        p.locations
          .map((l) => l.cqcLocationId)
          .filter(Boolean)
          .join('; '),
        s.rating ?? 'Not rated',
        s.bronzeDeductionApplies ? 'Yes' : 'No',
        s.suspended ? 'Yes' : 'No',
        s.stage ? ESCALATION_STAGE_LABELS[s.stage] : '',
        s.reasons.join('; '),
        s.asOf,
      ];
    },
    columnFormats: { 10: DATE_FORMAT },
  };
}

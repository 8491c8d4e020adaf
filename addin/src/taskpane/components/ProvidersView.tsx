/**
 * Providers: search the organisation's provider record, see a provider's rating with the
 * reasons for it, its escalation stage and the evidence it owes, and insert the list into the
 * workbook as a table.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type {
  CarefeeApi,
  EscalationStepRecord,
  LocationEvidence,
  PaneServices,
  ProviderListItem,
  StandingReply,
} from '../services';
import {
  EXPIRING_WITHIN_DAYS,
  allProviders,
  enrolmentDue,
  evidenceDue,
  providerTableSpec,
  ratingLabel,
  stageLabel,
  type EvidenceDue,
} from '../providers';
import { localToday } from '../../core/cardCache';
import { OUTSIDE_EXCEL } from './CardDetail';
import { LongInsertStatus, useLongInsert } from './LongInsert';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  form: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalS,
  },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  reasons: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

const PAGE = 50;

const RATING_COLOUR = {
  Gold: 'warning',
  Silver: 'informative',
  Bronze: 'severe',
  Inadequate: 'danger',
} as const;

function RatingBadge({ standing }: { standing: StandingReply }) {
  return (
    <Badge
      appearance="tint"
      color={standing.rating ? RATING_COLOUR[standing.rating] : 'subtle'}
      aria-label={`Rating ${ratingLabel(standing)}`}
    >
      {ratingLabel(standing)}
    </Badge>
  );
}

export interface ProvidersViewProps {
  api: CarefeeApi;
  services: PaneServices;
}

export function ProvidersView({ api, services }: ProvidersViewProps) {
  const styles = useStyles();
  const [q, setQ] = useState('');
  const [asOf, setAsOf] = useState(localToday);
  const [searched, setSearched] = useState<{ q: string; asOf: string } | null>(null);
  const [page, setPage] = useState<{ items: ProviderListItem[]; total: number } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<ProviderListItem | null>(null);
  const insert = useLongInsert();
  const excel = services.excel;

  const search = async (e?: FormEvent) => {
    e?.preventDefault();
    setLoading(true);
    setError(null);
    setOpen(null);
    try {
      const query = { q: q.trim(), asOf };
      setPage(await api.listProviders!({ ...query, limit: PAGE }));
      setSearched(query);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoading(false);
    }
  };
  // The whole list (first page) as soon as the view opens.
  useEffect(() => {
    void search();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const insertList = () =>
    insert.start('Inserting the provider list', async (signal, report) => {
      const query = searched ?? { q: '', asOf };
      const items = await allProviders(
        api,
        query,
        (done, total) => report({ stage: 'Reading providers', done, total }),
        signal,
      );
      const r = await excel!.insertTable(providerTableSpec(items, query), {
        signal,
        onProgress: (done, total) => report({ stage: 'Writing to the workbook', done, total }),
      });
      return `${r.rows} providers inserted on sheet "${r.sheetName}" (table ${r.tableName}).`;
    });

  if (open)
    return (
      <ProviderDetail
        api={api}
        provider={open}
        asOf={searched?.asOf ?? asOf}
        onBack={() => setOpen(null)}
      />
    );

  return (
    <div className={styles.root}>
      <form role="search" aria-label="Search providers" className={styles.form} onSubmit={search}>
        <Field label="Name, company number or CQC ID">
          <Input type="search" value={q} onChange={(_, d) => setQ(d.value)} />
        </Field>
        <Field label="Standing on">
          <Input type="date" value={asOf} onChange={(_, d) => setAsOf(d.value)} />
        </Field>
        <Button type="submit" appearance="primary" disabled={loading}>
          Search
        </Button>
      </form>
      {loading && <Spinner size="tiny" label="Searching providers…" />}
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {page && searched && (
        <section aria-label="Provider results" className={styles.root}>
          <Text size={200} role="status">
            {page.total === 0
              ? 'No providers match.'
              : `${page.total} providers${searched.q ? ` matching "${searched.q}"` : ''}, standing on ${searched.asOf}${page.total > page.items.length ? `; the first ${page.items.length} are shown` : ''}.`}
          </Text>
          <div>
            <Button
              disabled={!excel || insert.busy || page.total === 0}
              onClick={() => void insertList()}
            >
              Insert provider list as a table
            </Button>
            {!excel && (
              <Text size={200} block>
                {OUTSIDE_EXCEL}
              </Text>
            )}
          </div>
          <LongInsertStatus
            progress={insert.progress}
            notice={insert.notice}
            onCancel={insert.cancel}
          />
          <ul className={styles.list} aria-label="Providers">
            {page.items.map((p) => (
              <li key={p.id} className={styles.item}>
                <Text weight="semibold">{p.name}</Text>
                <Text size={200}>
                  <RatingBadge standing={p.standing} />
                  {p.standing.suspended ? ' · suspended from new packages' : ''}
                  {p.standing.stage ? ` · ${stageLabel(p.standing.stage)}` : ''}
                </Text>
                <Text size={200}>
                  {p.locations
                    .map((l) => l.name + (l.cqcLocationId ? ` (${l.cqcLocationId})` : ''))
                    .join('; ') || 'No locations'}
                </Text>
                <div>
                  <Button size="small" onClick={() => setOpen(p)}>
                    Details for {p.name}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

interface LocationDetail {
  id: string;
  name: string;
  cqcLocationId: string | null;
  standing: StandingReply | null;
  due: EvidenceDue[];
  error?: string;
}

function ProviderDetail({
  api,
  provider,
  asOf,
  onBack,
}: {
  api: CarefeeApi;
  provider: ProviderListItem;
  asOf: string;
  onBack(): void;
}) {
  const styles = useStyles();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [provider.id]);
  const [locations, setLocations] = useState<LocationDetail[] | null>(null);
  const [steps, setSteps] = useState<EscalationStepRecord[]>([]);
  const [enrolment, setEnrolment] = useState<EvidenceDue[] | null | undefined>(undefined);
  const s = provider.standing;

  useEffect(() => {
    let live = true;
    void Promise.all(
      provider.locations.map(async (l): Promise<LocationDetail> => {
        try {
          const [standing, evidence] = await Promise.all([
            api.standing ? api.standing(l.id, asOf) : Promise.resolve(null),
            api.locationEvidence
              ? api.locationEvidence(l.id)
              : Promise.resolve<LocationEvidence>({ inspections: [], statements: [], plans: [] }),
          ]);
          return { ...l, standing, due: evidenceDue(evidence, asOf) };
        } catch (e) {
          return { ...l, standing: null, due: [], error: (e as Error).message };
        }
      }),
    ).then((ls) => live && setLocations(ls));
    void api
      .escalation?.(provider.id)
      .then((items) => live && setSteps(items))
      .catch(() => undefined);
    void api
      .expiringEvidence?.({ asOf, within: EXPIRING_WITHIN_DAYS })
      .then((report) => live && setEnrolment(enrolmentDue(report, provider.id)))
      .catch(() => live && setEnrolment(null));
    return () => {
      live = false;
    };
  }, [api, provider, asOf]);

  return (
    <section className={styles.root} aria-label={`Provider: ${provider.name}`}>
      <div>
        <Button size="small" appearance="subtle" onClick={onBack}>
          ← All providers
        </Button>
      </div>
      <div>
        <Text as="h2" size={400} weight="semibold" block tabIndex={-1} ref={heading}>
          {provider.name}
        </Text>
        <Text size={200} block>
          {[
            provider.companyNumber && `Company ${provider.companyNumber}`,
            provider.cqcProviderId && `CQC provider ${provider.cqcProviderId}`,
            `standing on ${asOf}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </div>
      <dl>
        <dt>Rating</dt>
        <dd>
          <RatingBadge standing={s} />
        </dd>
        <dt>New packages</dt>
        <dd>
          {s.suspended ? 'Suspended: no new package can be priced, offered or awarded' : 'Allowed'}
        </dd>
        <dt>Escalation stage</dt>
        <dd>{stageLabel(s.stage)}</dd>
      </dl>
      <section aria-label="Why this rating">
        <Text as="h3" weight="semibold" block>
          Why
        </Text>
        <ol className={styles.reasons} aria-label={`Reasons for ${provider.name}'s rating`}>
          {s.reasons.map((r, i) => (
            <li key={i}>
              <Text size={200}>{r}</Text>
            </li>
          ))}
        </ol>
      </section>
      {steps.length > 0 && (
        <section aria-label="Escalation steps">
          <Text as="h3" weight="semibold" block>
            Escalation
          </Text>
          <ul className={styles.reasons}>
            {steps.map((step) => (
              <li key={step.id}>
                <Text size={200}>
                  {step.stage === 'closed' ? 'Closed' : stageLabel(step.stage)} from{' '}
                  {step.effectiveOn}
                  {step.endsOn ? ` to ${step.endsOn}` : ''} ({step.decision ?? 'proposed'}):{' '}
                  {step.reason}
                </Text>
              </li>
            ))}
          </ul>
        </section>
      )}
      {api.expiringEvidence && (
        <section aria-label="Enrolment evidence">
          <Text as="h3" weight="semibold" block>
            Enrolment evidence
          </Text>
          {enrolment === undefined ? (
            <Spinner size="tiny" label="Reading enrolment evidence…" />
          ) : enrolment === null ? (
            <Text size={200}>Enrolment evidence could not be read.</Text>
          ) : enrolment.length === 0 ? (
            <Text size={200}>Nothing expires within {EXPIRING_WITHIN_DAYS} days.</Text>
          ) : (
            <ul
              className={styles.reasons}
              aria-label={`Enrolment evidence due for ${provider.name}`}
            >
              {enrolment.map((d) => (
                <li key={`${d.what}-${d.due}`}>
                  <Text size={200}>
                    {d.what} {d.due}
                  </Text>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section aria-label="Locations">
        <Text as="h3" weight="semibold" block>
          Locations and evidence due
        </Text>
        {!locations && <Spinner size="tiny" label="Reading the locations' evidence…" />}
        {locations?.map((l) => (
          <div key={l.id} className={styles.item}>
            <Text weight="semibold">
              {l.name}
              {l.cqcLocationId ? ` (${l.cqcLocationId})` : ''}
            </Text>
            {l.standing && (
              <Text size={200}>
                <RatingBadge standing={l.standing} />
                {l.standing.reasons.length > 0 ? ` ${l.standing.reasons.at(-1)}` : ''}
              </Text>
            )}
            {l.error ? (
              <Text size={200}>Could not read this location: {l.error}</Text>
            ) : l.due.length === 0 ? (
              <Text size={200}>No evidence due.</Text>
            ) : (
              <ul className={styles.reasons} aria-label={`Evidence due for ${l.name}`}>
                {l.due.map((d) => (
                  <li key={`${d.what}-${d.due}`}>
                    <Text size={200}>
                      {d.what}: due {d.due}
                      {d.overdue ? ' (overdue)' : ''}
                    </Text>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </section>
    </section>
  );
}

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
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
import type { ExcelActions } from '../../excelActions';
import { pounds } from '../../format';
import type {
  CarefeeApi,
  ConsultationResponse,
  ResponseSummary,
  ScenarioSummary,
  ShareLinkInfo,
} from '../../services';
import {
  POSITION_TEXT,
  consultationLines,
  dayEnd,
  positionsLine,
  rowText,
  ukDate,
  ukDateTime,
  unitText,
} from './format';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400 },
  list: {
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalS,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  sub: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'end' },
  url: { overflowWrap: 'anywhere', fontFamily: tokens.fontFamilyMonospace },
});

/** How often the open detail asks for new responses and views. */
export const REFRESH_MS = 30_000;

function linkState(l: ShareLinkInfo, now = Date.now()): string {
  if (l.revokedAt) return `revoked ${ukDate(l.revokedAt)}`;
  if (l.expiresAt && Date.parse(l.expiresAt) <= now) return `expired ${ukDate(l.expiresAt)}`;
  return l.expiresAt ? `active until ${ukDate(l.expiresAt)}` : 'active, no expiry';
}

/** Blob → a file the browser saves (the pane runs in a browser frame, in Excel too). */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * One consultation: its share links (make, copy, revoke), the responses as they arrive (each
 * organisation once, as last changed, with its cost evidence), and exports.
 */
export function ConsultationDetail({
  api,
  scenario,
  canEdit,
  excel,
}: {
  api: CarefeeApi;
  scenario: ScenarioSummary;
  canEdit: boolean;
  excel: ExcelActions | null;
}) {
  const s = useStyles();
  const [links, setLinks] = useState<ShareLinkInfo[] | null>(null);
  const [responses, setResponses] = useState<ConsultationResponse[] | null>(null);
  const [summary, setSummary] = useState<ResponseSummary | null>(null);
  const [checkedAt, setCheckedAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [expires, setExpires] = useState('');
  const [made, setMade] = useState<{ label: string; url: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const [l, r, sum] = await Promise.all([
        api.listLinks!(scenario.id),
        api.listResponses!(scenario.id),
        api.scenarioSummary!(scenario.id),
      ]);
      setLinks(l);
      setResponses(r);
      setSummary(sum);
      setCheckedAt(new Date().toISOString());
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [api, scenario.id]);

  // Responses and views as they arrive: ask again every REFRESH_MS while this is open.
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  async function makeLink(e: FormEvent) {
    e.preventDefault();
    if (!label.trim()) return setError('Enter a label for the link, like “Provider forum”.');
    setBusy(true);
    try {
      const { url, link } = await api.createLink!(scenario.id, {
        label: label.trim(),
        expiresAt: expires ? dayEnd(expires) : null,
      });
      setMade({ label: link.label, url });
      setLabel('');
      setExpires('');
      await refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setNotice('Link copied.');
    } catch {
      setNotice('Copy was refused here: select the link and copy it.');
    }
  }

  async function revoke(link: ShareLinkInfo) {
    setBusy(true);
    try {
      await api.revokeLink!(scenario.id, link.id);
      setNotice(`“${link.label}” revoked: it no longer opens the proposal.`);
      await refresh();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function toSheet() {
    if (!excel?.insertResponses || !responses) return;
    setBusy(true);
    try {
      const { sheetName } = await excel.insertResponses(
        scenario.title,
        consultationLines(responses),
      );
      setNotice(`Responses written to the new sheet “${sheetName}”.`);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function download() {
    setBusy(true);
    try {
      const blob = await api.responsesXlsx!(scenario.id);
      save(blob, `${scenario.title.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-responses.xlsx`);
      setNotice('Responses workbook downloaded.');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const name = scenario.title;
  return (
    <div className={s.root} role="region" aria-label={`Consultation: ${name}`}>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {notice && (
        <MessageBar intent="success">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}

      <section className={s.section} aria-label={`Share links for ${name}`}>
        <h3 className={s.heading}>Share links</h3>
        {made && (
          <div className={s.card} data-testid="new-link">
            <Text weight="semibold">
              New link “{made.label}”: copy it now, it is shown only once.
            </Text>
            <Text className={s.url}>{made.url}</Text>
            <div className={s.actions}>
              <Button size="small" onClick={() => void copy(made.url)}>
                Copy link
              </Button>
            </div>
          </div>
        )}
        {!links ? (
          <Spinner size="tiny" label="Loading links…" />
        ) : links.length === 0 ? (
          <Text>No links yet: make one to share the proposal with providers.</Text>
        ) : (
          <ul className={s.list} aria-label={`Links for ${name}`}>
            {links.map((l) => (
              <li key={l.id} className={s.card}>
                <Text weight="semibold">{l.label}</Text>
                <Text size={200}>
                  {linkState(l)} · {l.viewCount} {l.viewCount === 1 ? 'view' : 'views'}
                  {l.lastViewedAt ? `, last ${ukDateTime(l.lastViewedAt)}` : ''}
                </Text>
                <Text size={200}>
                  Made by {l.createdBy} on {ukDate(l.createdAt)}
                </Text>
                {canEdit && !l.revokedAt && (
                  <div>
                    <Button
                      size="small"
                      disabled={busy}
                      onClick={() => void revoke(l)}
                      aria-label={`Revoke link ${l.label}`}
                    >
                      Revoke
                    </Button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        {canEdit && (
          <form className={s.section} onSubmit={makeLink} aria-label={`New link for ${name}`}>
            <Field label="Link label" hint="Who it is for, like “Provider forum”">
              <Input value={label} onChange={(_, d) => setLabel(d.value)} />
            </Field>
            <Field label="Link expires at the end of (optional)">
              <Input type="date" value={expires} onChange={(_, d) => setExpires(d.value)} />
            </Field>
            <div>
              <Button type="submit" disabled={busy}>
                Make a share link
              </Button>
            </div>
          </form>
        )}
      </section>

      <section className={s.section} aria-label={`Responses to ${name}`}>
        <h3 className={s.heading}>Responses</h3>
        {summary && (
          <Text>
            {summary.responses} {summary.responses === 1 ? 'response' : 'responses'}:{' '}
            {positionsLine(summary.positions)}
          </Text>
        )}
        {checkedAt && (
          <Text size={200}>
            Checked {ukDateTime(checkedAt)}; checks again every {REFRESH_MS / 1000} seconds.{' '}
          </Text>
        )}
        <div className={s.actions}>
          <Button size="small" onClick={() => void refresh()}>
            Check now
          </Button>
        </div>
        {responses && responses.length > 0 && (
          <ul className={s.list} aria-label={`Responses received for ${name}`}>
            {responses.map((r) => (
              <li key={r.id} className={s.card}>
                <Text weight="semibold">
                  {r.organisationName}: {POSITION_TEXT[r.position]}
                </Text>
                <Text size={200}>
                  Reference {r.reference} · sent {ukDateTime(r.submittedAt)}
                  {r.updatedAt !== r.submittedAt ? `, changed ${ukDateTime(r.updatedAt)}` : ''}
                </Text>
                <Text size={200}>
                  {r.contactName}, {r.contactEmail}
                  {r.cqcLocationId ? ` · CQC ${r.cqcLocationId}` : ''}
                </Text>
                {r.comments.length > 0 && (
                  <ul className={s.sub}>
                    {r.comments.map((c, i) => (
                      <li key={i}>
                        <Text size={200}>
                          {rowText(c.category, c.band)}: {c.text}
                        </Text>
                      </li>
                    ))}
                  </ul>
                )}
                {r.costEvidence.length > 0 && (
                  <ul className={s.sub} aria-label={`Cost evidence from ${r.organisationName}`}>
                    {r.costEvidence.map((e, i) => (
                      <li key={i}>
                        <Text size={200}>
                          Cost evidence, {rowText(e.category, e.band)}: {e.description},{' '}
                          {pounds(e.amount)} {unitText(e.unit)}
                        </Text>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className={s.section} aria-label={`Export responses to ${name}`}>
        <h3 className={s.heading}>Export responses</h3>
        <div className={s.actions}>
          <Button
            disabled={busy || !excel?.insertResponses || !responses}
            onClick={() => void toSheet()}
          >
            To a new worksheet
          </Button>
          <Button disabled={busy} onClick={() => void download()}>
            Download .xlsx
          </Button>
        </div>
        {!excel && (
          <Text size={200}>Open this pane in Excel to write responses to a worksheet.</Text>
        )}
      </section>
    </div>
  );
}

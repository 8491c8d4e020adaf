/**
 * The public quality list as a page (no script): for citizens choosing a home, each provider's
 * homes with their rating and the day it has held since. Rendered on the server with the
 * provider pages' GOV.UK-pattern components (server/src/providerPages/components), styles
 * inlined, so it reads the same with or without JavaScript and prints.
 */
import {
  FluentProvider,
  RendererProvider,
  SSRProvider,
  createDOMRenderer,
  makeStyles,
  renderToStyleElements,
  tokens,
  webLightTheme,
} from '@fluentui/react-components';
import { renderToStaticMarkup } from 'react-dom/server';
import { SummaryList, VisuallyHidden } from '../../providerPages/components';
import type { QualityList } from '../../../../shared/src/contract/providersReports';

/** What each rating means for someone choosing a home, in plain words. */
export const RATING_MEANINGS: Record<string, string> = {
  Gold: 'Gold: consistently high quality, above the council’s standards.',
  Silver: 'Silver: meets the council’s standards.',
  Bronze: 'Bronze: improvements are needed and the home has a plan to make them.',
  Inadequate: 'Inadequate: the council is not placing new people here until it improves.',
};

const useStyles = makeStyles({
  main: {
    maxWidth: '60rem',
    margin: '0 auto',
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}`,
    fontSize: '1.1875rem',
    lineHeight: 1.5,
  },
  h1: { fontSize: '2rem', lineHeight: 1.2, margin: `0 0 ${tokens.spacingVerticalL}` },
  table: { width: '100%', borderCollapse: 'collapse', marginTop: tokens.spacingVerticalXL },
  caption: {
    textAlign: 'left',
    fontWeight: tokens.fontWeightSemibold,
    fontSize: '1.5rem',
    paddingBottom: tokens.spacingVerticalM,
  },
  cell: {
    textAlign: 'left',
    verticalAlign: 'top',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} ${tokens.spacingVerticalS} 0`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  link: { color: tokens.colorBrandForegroundLink },
});

function Page({ list, csvHref }: { list: QualityList; csvHref: string }) {
  const s = useStyles();
  const rated = list.items.filter((i) => i.rating !== null).length;
  return (
    <main className={s.main}>
      <h1 className={s.h1}>Care quality ratings: {list.organisation}</h1>
      <SummaryList
        rows={[
          { key: 'Ratings as of', value: list.asOf },
          { key: 'Homes listed', value: `${list.items.length} (${rated} rated)` },
          {
            key: 'What the ratings mean',
            value: Object.values(RATING_MEANINGS).join('\n'),
          },
        ]}
      />
      <p>
        <a className={s.link} href={csvHref} download>
          Download this list as a spreadsheet (CSV)
        </a>
      </p>
      <table className={s.table}>
        <caption className={s.caption}>
          Homes and their ratings
          <VisuallyHidden>, by provider</VisuallyHidden>
        </caption>
        <thead>
          <tr>
            <th scope="col" className={s.cell}>
              Provider
            </th>
            <th scope="col" className={s.cell}>
              Home
            </th>
            <th scope="col" className={s.cell}>
              Rating
            </th>
            <th scope="col" className={s.cell}>
              Rated since
            </th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((i, n) => (
            <tr key={n}>
              <td className={s.cell}>{i.provider}</td>
              <th scope="row" className={s.cell}>
                {i.location}
              </th>
              <td className={s.cell}>{i.rating ?? 'Not yet rated'}</td>
              <td className={s.cell}>{i.since ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The whole HTML document. */
export function qualityListPage(list: QualityList, csvHref: string): string {
  const renderer = createDOMRenderer(undefined);
  const body = renderToStaticMarkup(
    <RendererProvider renderer={renderer}>
      <SSRProvider>
        <FluentProvider theme={webLightTheme}>
          <Page list={list} csvHref={csvHref} />
        </FluentProvider>
      </SSRProvider>
    </RendererProvider>,
  );
  const styles = renderToStaticMarkup(<>{renderToStyleElements(renderer)}</>);
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Care quality ratings: ${list.organisation}`)}</title>
${styles}
</head>
<body style="margin:0;font-family:'Segoe UI',system-ui,-apple-system,sans-serif">
${body}
</body>
</html>`;
}

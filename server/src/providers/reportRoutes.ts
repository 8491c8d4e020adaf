/**
 * Report routes: the market view, overdue visits and the quality list for viewers; the same
 * quality list in public (no token, only the published fields) as a page and as CSV.
 */
import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import type { AppContext } from '../context';
import { route, type AnyRoute } from '../platform/routeTable';
import { badRequest } from '../platform/http/errors';
import { sendNotFound } from '../providerPages/plainPage';
import {
  asOfQuerySchema,
  financialYearSchema,
  marketQuerySchema,
  marketReportSchema,
  overdueVisitsReportSchema,
  publicListParamsSchema,
  qualityListSchema,
  type QualityList,
} from '../../../shared/src/contract/providersReports';
import { qualityListPage } from './page/QualityListPage';

const tag = 'reports';
const PUBLIC_LIST = '/public/:organisationId/quality-list';

/** "2024/25,2025/26" → the years, each checked (400 naming `years` and the one that is wrong). */
function parseYears(text: string | undefined): string[] | undefined {
  if (!text) return undefined;
  const years = text.split(',').map((y) => y.trim());
  if (years.length > 10) throw badRequest('at most 10 years at a time', ['query', 'years']);
  years.forEach((y, i) => {
    const checked = financialYearSchema.safeParse(y);
    if (!checked.success)
      throw badRequest(`"${y}": ${checked.error.issues[0]!.message}`, ['query', 'years', i]);
  });
  return years;
}

/** The CSV: one header row and one row per location, the published fields only. */
export const qualityListCsv = (list: QualityList): string =>
  stringify(
    list.items.map((i) => [i.provider, i.location, i.rating ?? 'Not yet rated', i.since ?? '']),
    { header: true, columns: ['Provider', 'Location', 'Rating', 'Rated since'] },
  );

const unknownOrganisation = {
  title: 'Page not found',
  heading: 'Page not found',
  paragraphs: ['There is no quality list at this address. Check the link you were given.'],
};

/**
 * The public list of an organisation, or undefined once the unknown organisation's 404 (a page
 * for browsers, JSON for other clients) is sent: the page and the CSV answer alike.
 */
async function publicQualityList(
  ctx: AppContext,
  organisationId: string,
  req: Request,
  res: Response,
): Promise<QualityList | undefined> {
  if (!(await ctx.reports.organisationExists(organisationId))) {
    sendNotFound(req, res, unknownOrganisation, {
      code: 'NOT_FOUND',
      message: 'no such organisation',
      path: ['organisationId'],
    });
    return undefined;
  }
  return ctx.reports.qualityList(organisationId);
}

export const reportRoutes: AnyRoute[] = [
  route({
    method: 'get',
    path: '/api/v1/reports/market',
    tag,
    role: 'viewer',
    summary:
      'The market view: per category of care and financial year, locations by rating (at the year end) and by their latest monitoring visit outcome (Red, Amber, Green)',
    query: marketQuerySchema,
    response: marketReportSchema,
    handler: ({ ctx, principal, query }) =>
      ctx.reports.market(principal.organisationId, parseYears(query.years)),
  }),

  route({
    method: 'get',
    path: '/api/v1/reports/overdue-visits',
    tag,
    role: 'viewer',
    summary:
      'Locations with no inspection or monitoring visit in the year before asOf (a minimum annual inspection), never visited first, then the longest overdue',
    query: asOfQuerySchema,
    response: overdueVisitsReportSchema,
    handler: ({ ctx, principal, query }) =>
      ctx.reports.overdueVisits(principal.organisationId, query.asOf),
  }),

  route({
    method: 'get',
    path: '/api/v1/reports/quality-list',
    tag,
    role: 'viewer',
    summary:
      'The quality list as the public sees it: provider, location, rating and since when (the public page and CSV: /public/{organisationId}/quality-list)',
    query: asOfQuerySchema,
    response: qualityListSchema,
    handler: ({ ctx, principal, query }) =>
      ctx.reports.qualityList(principal.organisationId, query.asOf),
  }),

  route({
    method: 'get',
    path: PUBLIC_LIST,
    tag,
    role: 'public',
    summary:
      "Public: an organisation's care quality list as a page, for citizens choosing a home (no token; published fields only)",
    params: publicListParamsSchema,
    contentType: 'text/html',
    handler: async ({ ctx, params, req, res }) => {
      const list = await publicQualityList(ctx, params.organisationId, req, res);
      if (!list) return;
      res
        .type('html')
        .set('Cache-Control', 'public, max-age=300')
        .send(qualityListPage(list, `/public/${params.organisationId}/quality-list.csv`));
    },
  }),

  route({
    method: 'get',
    path: `${PUBLIC_LIST}.csv`,
    tag,
    role: 'public',
    summary:
      "Public: an organisation's care quality list as CSV (Provider, Location, Rating, Rated since)",
    params: publicListParamsSchema,
    contentType: 'text/csv',
    handler: async ({ ctx, params, req, res }) => {
      const list = await publicQualityList(ctx, params.organisationId, req, res);
      if (!list) return;
      res
        .type('text/csv; charset=utf-8')
        .set('Cache-Control', 'public, max-age=300')
        .attachment(`care-quality-list-${list.asOf}.csv`)
        .send(qualityListCsv(list));
    },
  }),
];

/**
 * The real services behind the pane: the add-in core (per-user settings store, API client,
 * workbook pins) adapted to the small PaneServices interface the React tree is written against,
 * plus the Excel actions when the pane runs inside Excel.
 */
import { parseIndexSeries, parseRateCard } from '../../../shared/src';
import {
  ApiClient,
  DEFAULT_SERVICE_URL,
  getCarefee,
  isApiError,
  normaliseServiceUrl,
  type ApiErrorKind,
} from '../core';
import { createExcelActions } from './excelActions';
import {
  ServiceError,
  type AgreementSummary,
  type EscalationStepRecord,
  type ExpiringEvidence,
  type LocationEvidence,
  type ProviderListItem,
  type RequirementSummary,
  type CardSummary,
  type CarefeeApi,
  type ConsultationResponse,
  type ShareLinkInfo,
  type Connection,
  type PaneServices,
  type ResponseSummary,
  type ScenarioSummary,
  type ServiceErrorKind,
} from './services';

const KIND: Record<ApiErrorKind, ServiceErrorKind> = {
  'not-configured': 'wrong-url',
  offline: 'offline',
  timeout: 'offline',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  'not-carefee': 'wrong-url',
  'not-found': 'not-found',
  'invalid-input': 'invalid',
  server: 'server',
};

/** Core ApiErrors become the pane's ServiceErrors; anything else passes through. */
async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isApiError(e)) throw new ServiceError(KIND[e.kind], e.message, e.status);
    throw e;
  }
}

export function adaptApiClient(client: ApiClient): CarefeeApi {
  return {
    // Every carefee service answers /api/v1/me: "not found" there means the address is wrong
    // (e.g. a path after the host), whatever answered.
    me: () =>
      mapped(() => client.me()).catch((e: unknown) => {
        if (e instanceof ServiceError && e.kind === 'not-found')
          throw new ServiceError('wrong-url', e.message, e.status);
        throw e;
      }),
    listCards: () => mapped(() => client.listCards()) as Promise<CardSummary[]>,
    getCard: (id, version) =>
      mapped(async () => {
        const r = await client.getCardVersion(id, version);
        // The add-in validates what it fetches with the schema the service stores with.
        return { card: parseRateCard(r.card), meta: r.meta as CardSummary };
      }),
    uplift: (id, version, body) =>
      mapped(async () => {
        const r = await client.request<{ card: unknown; meta?: CardSummary }>(
          'POST',
          `/api/v1/rate-cards/${encodeURIComponent(id)}/versions/${version}/uplift`,
          body,
        );
        return { card: parseRateCard(r.card), meta: r.meta };
      }),
    indexSeries: (id) =>
      mapped(async () => {
        const r = (await client.getIndex(id)) as { series?: unknown; points?: unknown };
        const raw = (r.points ? r : r.series) as {
          id: string;
          name: string;
          unit: string;
          source: string;
          points: { from: string; value: string }[];
        };
        // The engine's schema validates it; origin (reference or organisation) is the service's note.
        return parseIndexSeries({
          id: raw.id,
          name: raw.name,
          unit: raw.unit,
          source: raw.source,
          points: raw.points.map(({ from, value }) => ({ from, value })),
        });
      }),
    listScenarios: () =>
      mapped(async () => {
        const r = await client.request<{ items: ScenarioSummary[] } | ScenarioSummary[]>(
          'GET',
          '/api/v1/scenarios',
        );
        return Array.isArray(r) ? r : r.items;
      }),
    scenarioSummary: (id) =>
      mapped(
        async () =>
          (
            await client.request<{ summary: ResponseSummary }>(
              'GET',
              `/api/v1/scenarios/${encodeURIComponent(id)}/responses/summary`,
            )
          ).summary,
      ),
    createScenario: (input) =>
      mapped(
        async () =>
          (await client.request<{ scenario: ScenarioSummary }>('POST', '/api/v1/scenarios', input))
            .scenario,
      ),
    listLinks: (id) =>
      mapped(
        async () =>
          (await client.request<{ items: ShareLinkInfo[] }>('GET', `${scenario(id)}/links`)).items,
      ),
    createLink: (id, input) =>
      mapped(() =>
        client.request<{ link: ShareLinkInfo; url: string }>('POST', `${scenario(id)}/links`, {
          label: input.label,
          ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
        }),
      ),
    revokeLink: (id, linkId) =>
      mapped(
        async () =>
          (
            await client.request<{ link: ShareLinkInfo }>(
              'DELETE',
              `${scenario(id)}/links/${encodeURIComponent(linkId)}`,
            )
          ).link,
      ),
    listResponses: (id) =>
      mapped(
        async () =>
          (
            await client.request<{ items: ConsultationResponse[] }>(
              'GET',
              `${scenario(id)}/responses`,
            )
          ).items,
      ),
    responsesXlsx: (id) => mapped(() => client.download(`${scenario(id)}/responses/export.xlsx`)),
    listProviders: (query) =>
      mapped(() => {
        const search = new URLSearchParams();
        for (const [key, value] of Object.entries(query))
          if (value !== undefined && value !== '') search.set(key, String(value));
        return client.request<{ items: ProviderListItem[]; total: number }>(
          'GET',
          `/api/v1/providers?${search}`,
        );
      }),
    standing: (ref, asOf) => mapped(() => client.getStanding(ref, asOf)),
    locationEvidence: (id) =>
      mapped(() =>
        client.request<LocationEvidence>(
          'GET',
          `/api/v1/locations/${encodeURIComponent(id)}/evidence`,
        ),
      ),
    escalation: (id) =>
      mapped(
        async () =>
          (
            await client.request<{ items: EscalationStepRecord[] }>(
              'GET',
              `/api/v1/providers/${encodeURIComponent(id)}/escalation`,
            )
          ).items,
      ),
    expiringEvidence: ({ asOf, within }) =>
      mapped(
        async () =>
          (
            await client.request<{ items: ExpiringEvidence[] }>(
              'GET',
              `/api/v1/reports/expiring-evidence?asOf=${encodeURIComponent(asOf)}&within=${within}`,
            )
          ).items,
      ),
    listAgreements: (status) =>
      mapped(
        async () =>
          (
            await client.request<{ items: AgreementSummary[] }>(
              'GET',
              `/api/v1/agreements${status ? `?status=${encodeURIComponent(status)}` : ''}`,
            )
          ).items,
      ),
    listRequirements: () =>
      mapped(
        async () =>
          (await client.request<{ items: RequirementSummary[] }>('GET', '/api/v1/requirements'))
            .items,
      ),
  };
}

const scenario = (id: string) => `/api/v1/scenarios/${encodeURIComponent(id)}`;

/** The service that served this page (it serves the add-in under /addin/), if that is how it was loaded. */
export function servingOrigin(
  location: Pick<Location, 'protocol' | 'pathname' | 'origin'> | undefined = globalThis.location,
): string | null {
  if (!location || !/^https?:$/.test(location.protocol) || !location.pathname.startsWith('/addin/'))
    return null;
  return location.origin;
}

/**
 * The pane shares the page's core with the custom functions (one settings store, one set of
 * pins), so connecting here is what the functions use, and a pin applies to their next
 * calculation.
 */
export function createPaneServices(inExcel: boolean): PaneServices {
  const { settings, pins } = getCarefee();
  const excel = inExcel ? createExcelActions() : null;
  return {
    settings: {
      async load() {
        await settings.load();
        const s = settings.current; // load() answers its first read; current follows saves
        if (s.token) return { serviceUrl: s.serviceUrl, token: s.token };
        // Not signed in: suggest the address last used, else the service this pane was loaded from.
        return {
          serviceUrl:
            s.serviceUrl !== DEFAULT_SERVICE_URL ? s.serviceUrl : (servingOrigin() ?? s.serviceUrl),
          token: '',
        };
      },
      async save(connection: Connection) {
        await settings.save(connection);
      },
      async clear() {
        await settings.signOut();
      },
    },
    // The pane tests a candidate connection before saving it, so it asks with that one.
    connect(connection) {
      let serviceUrl: string;
      try {
        serviceUrl = normaliseServiceUrl(connection.serviceUrl);
      } catch (e) {
        const message = (e as Error).message;
        const fail = () => Promise.reject(new ServiceError('wrong-url', message));
        return { me: fail, listCards: fail, getCard: fail, uplift: fail };
      }
      const fixed = { serviceUrl, token: connection.token.trim() };
      return adaptApiClient(new ApiClient(() => fixed));
    },
    excel,
    pinning: excel
      ? {
          get: (id) => pins.get(id),
          async pin(id, version) {
            await pins.pin(id, version);
            // CARE.FEE cells priced with the old version must price again.
            await excel.recalculate();
          },
        }
      : null,
  };
}

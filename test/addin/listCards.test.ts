/** The add-in's card list follows the service's pages (GET /api/v1/rate-cards, cursor) to the end. */
import { ApiClient, type CardSummary } from '../../addin/src/core/apiClient';

const summary = (id: string, version: number) => ({ id, version }) as unknown as CardSummary;

test('listCards asks for pages of 500 and follows nextCursor until it is null', async () => {
  const pages: Record<string, { items: CardSummary[]; nextCursor: string | null }> = {
    '': { items: [summary('a', 1), summary('a', 2)], nextCursor: 'YUAy' },
    YUAy: { items: [summary('b', 1)], nextCursor: 'YkAx' },
    YkAx: { items: [], nextCursor: null },
  };
  const urls: string[] = [];
  const client = new ApiClient(() => ({ serviceUrl: 'https://carefee.test', token: 't' }), {
    fetch: async (url) => {
      urls.push(url);
      const cursor = new URL(url).searchParams.get('cursor') ?? '';
      return new Response(JSON.stringify(pages[cursor]), {
        headers: { 'content-type': 'application/json' },
      });
    },
  });
  expect((await client.listCards()).map((c) => `${c.id}/${c.version}`)).toEqual([
    'a/1',
    'a/2',
    'b/1',
  ]);
  expect(urls).toEqual([
    'https://carefee.test/api/v1/rate-cards?limit=500',
    'https://carefee.test/api/v1/rate-cards?limit=500&cursor=YUAy',
    'https://carefee.test/api/v1/rate-cards?limit=500&cursor=YkAx',
  ]);
});

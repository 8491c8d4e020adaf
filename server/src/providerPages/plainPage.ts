/**
 * Pages for provider-facing links that need no script: a link that is not valid, or no link at
 * all. A browser asking for HTML gets a readable page; an API client gets the usual JSON error
 * (content negotiation, as the OpenAPI document says for these routes).
 */
import type { Request, Response } from 'express';
import type { ErrorBody } from '../platform/http/errors';

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** A minimal accessible page: language, title, one main landmark with an h1, readable at 390 px. */
export function plainPage(opts: { title: string; heading: string; paragraphs: string[] }): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escape(opts.title)}</title>
</head>
<body style="margin:0;font-family:'Segoe UI',system-ui,-apple-system,sans-serif;color:#242424;background:#fafafa;line-height:1.5">
<main style="max-width:40rem;margin:0 auto;padding:2rem 1rem">
<h1 style="font-size:2rem;line-height:1.2;margin:0 0 1rem">${escape(opts.heading)}</h1>
${opts.paragraphs.map((p) => `<p style="font-size:1.1875rem;margin:0 0 1rem">${escape(p)}</p>`).join('\n')}
</main>
</body>
</html>`;
}

/** Does this request prefer an HTML page to JSON? A browser's Accept says so; curl's "*\/*" does not. */
export const wantsHtml = (req: Request): boolean => req.accepts(['json', 'html']) === 'html';

/** 404 as the client prefers: the HTML page for browsers, the JSON error body for everything else. */
export function sendNotFound(
  req: Request,
  res: Response,
  page: { title: string; heading: string; paragraphs: string[] },
  error: ErrorBody['error'],
): void {
  res.status(404).vary('Accept');
  if (wantsHtml(req)) res.type('html').send(plainPage(page));
  else res.json({ error } satisfies ErrorBody);
}

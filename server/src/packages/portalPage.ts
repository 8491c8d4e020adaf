/**
 * GET /p/:token: the provider portal page (dist/provider/portal.html, built with the consultation
 * page by webpack.provider.config.mjs). A revoked or mistyped link gets a readable 404 page in a
 * browser and the JSON error elsewhere, before any script loads.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'express';
import { sendNotFound } from '../providerPages/plainPage';
import { defaultProviderDir } from '../scenarios/routes';
import type { PortalLinkRepository } from './portalLinks';

const INVALID_PAGE = {
  title: 'This link is not valid',
  heading: 'This link is not valid',
  paragraphs: [
    'It may have been withdrawn, or part of it may be missing.',
    'If you copied the link from an email, check you copied all of it. Otherwise, ask the council that sent it for a new link.',
  ],
};

/** Answer GET /p/:token with the page, or the readable 404 for a link that is not valid. */
export function portalPageHandler(
  links: PortalLinkRepository,
  providerDir = defaultProviderDir(),
): (req: Request, res: Response) => Promise<void> {
  let html: string | null = null;
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!(await links.resolve(String(req.params.token)))) {
      sendNotFound(req, res, INVALID_PAGE, {
        code: 'NOT_FOUND',
        message: 'this portal link is not valid (revoked or mistyped)',
        path: [],
      });
      return;
    }
    const file = path.join(providerDir, 'portal.html');
    if (html === null && existsSync(file)) html = readFileSync(file, 'utf8');
    if (html === null) {
      res
        .status(503)
        .type('text')
        .send('The provider pages have not been built: run `npm run build:provider`.');
      return;
    }
    res.type('html').send(html);
  };
}

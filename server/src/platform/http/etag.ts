import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * Send a JSON body with a strong ETag (a hash of the exact bytes), or 304 when the client
 * already holds those bytes. Approved cards never change, so the add-in's cache revalidates cheaply.
 */
export function sendWithEtag(req: Request, res: Response, body: unknown): void {
  const text = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  const inm = req.get('if-none-match');
  if (
    inm &&
    (inm.trim() === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
  ) {
    res.status(304).end();
    return;
  }
  res.type('application/json').send(text);
}

/**
 * The Express application: security headers, CORS for the add-in, request logging with ids,
 * authentication, the route table in platform/registry.ts, and the one error middleware.
 */
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import express from 'express';
import helmet from 'helmet';
import cors from 'cors';
import { pinoHttp } from 'pino-http';
import type { AppContext } from './context';
import { authenticate, authFailureLimiter } from './platform/auth/middleware';
import { SharedCounter } from './platform/limits/sharedCounter';
import { errorMiddleware, notFoundHandler } from './platform/http/errors';
import { routeModules, routeTable } from './platform/registry';
import { mountRoutes, ownBodyPaths } from './platform/routeTable';

export type { AppContext } from './context';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Routes that cache (approved cards) set strong ETags themselves.
  app.set('etag', false);
  app.set('trust proxy', ctx.config.trustProxy);

  app.use(
    pinoHttp({
      logger: ctx.logger,
      genReqId: (req, res) => {
        const offered = req.headers['x-request-id'];
        const id = typeof offered === 'string' && REQUEST_ID.test(offered) ? offered : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
    }),
  );
  // Excel loads the add-in's files (functions.json, functions.js, the task pane) from here,
  // inside its own frame on another origin, and the pane loads office.js from Microsoft's CDN:
  // so no frame or script restrictions on these files, and any origin may GET them.
  if (existsSync(ctx.config.addinDir)) {
    app.use(
      '/addin',
      helmet({
        contentSecurityPolicy: false,
        frameguard: false,
        crossOriginResourcePolicy: { policy: 'cross-origin' },
      }),
      cors({ origin: '*', methods: ['GET', 'HEAD'] }),
      express.static(ctx.config.addinDir, { fallthrough: false }),
    );
  }
  // Browsers asked to upgrade a plain-http deployment's requests would fetch the provider page's
  // script over https that isn't there; ask for the upgrade only when this service serves TLS.
  const upgradeInsecureRequests = ctx.config.tlsCert ? [] : null;
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests } } }));

  const api = express.Router();
  api.use(
    cors({
      origin: ctx.config.addinOrigin ? [ctx.config.addinOrigin] : false,
      allowedHeaders: ['Authorization', 'Content-Type', 'If-None-Match', 'X-Request-Id'],
      exposedHeaders: ['ETag', 'X-Request-Id', 'Location'],
      maxAge: 600,
    }),
  );
  // Routes with a bodyLimit (POST /calculate) read their own body once the caller is known.
  const json = express.json({ limit: ctx.config.jsonLimit });
  const ownBody = ownBodyPaths(routeTable);
  api.use((req, res, next) => (ownBody.has(req.path) ? next() : json(req, res, next)));
  api.use(authenticate(ctx.authenticators));
  api.use(
    authFailureLimiter(
      new SharedCounter(ctx.db, 'sign-in-failures', ctx.config.authFailureWindowMs),
      ctx.config.authFailureLimit,
    ),
  );
  app.use('/api/v1', api);

  mountRoutes(routeTable, { app, api }, ctx);
  for (const module of routeModules) {
    if (module.mount === '/api/v1') api.use(module.create(ctx));
    else app.use(module.mount, module.create(ctx));
  }

  api.use(notFoundHandler);
  app.use(notFoundHandler);
  app.use(errorMiddleware(ctx.logger));
  return app;
}

/**
 * Administration from the command line, against the database the service uses (same
 * environment: DATABASE_URL or CAREFEE_DATA_DIR). Stop a PGlite-backed service first: PGlite
 * allows one process per data directory.
 *
 *   npm run admin -- create-org "Birmingham City Council"
 *   npm run admin -- create-user <org id or name> "Alex Smith" editor
 *   npm run admin -- create-token <org id or name> <user id or name> [label]
 *   npm run admin -- revoke-token <token id>
 *   npm run admin -- list-tokens [org id or name]
 *   npm run admin -- list-orgs
 *   npm run admin -- list-users <org id or name>
 */
import { loadConfig } from '../config';
import { openDatabase, type Database } from '../platform/db/database';
import { migrate } from '../platform/db/migrate';
import { createLogger } from '../logger';
import { createContext } from '../services';
import type { AppContext } from '../context';
import type { Actor } from '../platform/audit/auditLog';
import { roleSchema } from '../platform/auth/roles';
import { HttpError } from '../platform/http/errors';

const cliActor: Actor = {
  id: null,
  name: `cli:${process.env.USER ?? 'unknown'}`,
  organisationId: null,
};

const USAGE = `usage: npm run admin -- <command>
  create-org <name>
  create-user <org> <name> <viewer|editor|approver|admin>
  create-token <org> <user> [label]     prints the token once; store it now
  revoke-token <token id>
  list-tokens [org]
  list-orgs
  list-users <org>`;

class UsageError extends Error {}

async function organisation(ctx: AppContext, ref: string | undefined) {
  if (!ref) throw new UsageError('name the organisation (its id or name)');
  const org = await ctx.orgs.findOrganisation(ref);
  if (!org) throw new UsageError(`no organisation "${ref}"`);
  return org;
}

export async function runAdmin(
  ctx: AppContext,
  args: string[],
  out: (line: string) => void,
): Promise<void> {
  const [command, ...rest] = args;
  switch (command) {
    case 'create-org': {
      const name = rest.join(' ').trim();
      if (!name) throw new UsageError('create-org needs a name');
      const org = await ctx.orgs.createOrganisation(cliActor, name);
      out(`organisation ${org.id} "${org.name}"`);
      return;
    }
    case 'create-user': {
      const org = await organisation(ctx, rest[0]);
      const name = rest[1]?.trim();
      const role = roleSchema.safeParse(rest[2]);
      if (!name || !role.success)
        throw new UsageError('create-user <org> <name> <viewer|editor|approver|admin>');
      const user = await ctx.orgs.createUser(cliActor, org.id, name, role.data);
      out(`user ${user.id} "${user.name}" (${user.role}) in "${org.name}"`);
      return;
    }
    case 'create-token': {
      const org = await organisation(ctx, rest[0]);
      const user = rest[1] ? await ctx.orgs.findUser(org.id, rest[1]) : null;
      if (!user) throw new UsageError(`no user "${rest[1] ?? ''}" in "${org.name}"`);
      const { id, token } = await ctx.orgs.createToken(
        { ...cliActor, organisationId: org.id },
        user.id,
        rest.slice(2).join(' '),
      );
      out(`token id ${id} for "${user.name}" (${user.role})`);
      out('token (shown this once; only its hash is stored):');
      out(token);
      return;
    }
    case 'revoke-token': {
      if (!rest[0]) throw new UsageError('revoke-token <token id>');
      await ctx.orgs.revokeToken(cliActor, rest[0]);
      out(`token ${rest[0]} revoked`);
      return;
    }
    case 'list-tokens': {
      const org = rest[0] ? await organisation(ctx, rest[0]) : null;
      for (const t of await ctx.orgs.listTokens(org?.id)) {
        const state = t.revokedAt
          ? `revoked ${t.revokedAt}`
          : `last used ${t.lastUsedAt ?? 'never'}`;
        out(`${t.id}  ${t.userName}  "${t.label}"  created ${t.createdAt}  ${state}`);
      }
      return;
    }
    case 'list-orgs':
      for (const o of await ctx.orgs.listOrganisations()) out(`${o.id}  ${o.name}`);
      return;
    case 'list-users': {
      const org = await organisation(ctx, rest[0]);
      for (const u of await ctx.orgs.listUsers(org.id)) out(`${u.id}  ${u.name}  ${u.role}`);
      return;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
}

async function main(): Promise<number> {
  const config = loadConfig();
  let db: Database | undefined;
  try {
    db = await openDatabase(config);
    await migrate(db);
    await runAdmin(createContext(config, db, createLogger('warn')), process.argv.slice(2), (line) =>
      console.log(line),
    );
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof HttpError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    await db?.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}

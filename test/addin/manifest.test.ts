/**
 * The add-in manifest, checked offline (office-addin-manifest validate needs the internet):
 * well-formed, what Excel needs for custom functions in a shared runtime, every resid short
 * enough and defined, every URL under the service's /addin/, and the per-deployment rewrite.
 */
import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const webpackConfig = require('../../webpack.config.js') as {
  manifestFor: (xml: string, target: { base: string; origin: string }) => string;
  baseUrlFrom: (value?: string) => { base: string; origin: string };
  versionedManifest: (xml: string, functionsJson: string) => string;
};

type Node = Record<string, unknown>;
const XML = readFileSync('manifest.xml', 'utf8');
const parse = (xml: string) =>
  new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: false }).parse(
    xml,
  ) as Node;
const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const at = (node: unknown, ...path: string[]): Node => {
  let current = node as Node;
  for (const key of path) {
    const next = current?.[key];
    if (next === undefined) throw new Error(`manifest has no ${path.join(' > ')} (missing ${key})`);
    current = next as Node;
  }
  return current;
};

/** Every element (with its tag) anywhere below a node. */
function* walk(node: unknown, tag = ''): Generator<[string, Node]> {
  if (Array.isArray(node)) {
    for (const item of node) yield* walk(item, tag);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  yield [tag, node as Node];
  for (const [key, value] of Object.entries(node))
    if (!key.startsWith('@')) yield* walk(value, key);
}

function resources(app: Node) {
  const res = at(app, 'VersionOverrides', 'Resources');
  const ids = (group: string, item: string) =>
    list(at(res, group)[item] as Node | Node[]).map(
      (n) => [String(n['@id']), String(n['@DefaultValue'])] as const,
    );
  return {
    images: new Map(ids('bt:Images', 'bt:Image')),
    urls: new Map(ids('bt:Urls', 'bt:Url')),
    short: new Map(ids('bt:ShortStrings', 'bt:String')),
    long: new Map(ids('bt:LongStrings', 'bt:String')),
  };
}

function check(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const app = at(parse(xml), 'OfficeApp');
  const r = resources(app);
  const all = new Map([...r.images, ...r.urls, ...r.short, ...r.long]);
  return { app, r, all };
}

describe('manifest.xml', () => {
  const { app, r, all } = check(XML);

  it('is a task pane add-in for Excel with the base elements Office requires', () => {
    expect(app['@xsi:type']).toBe('TaskPaneApp');
    expect(String(app.Id)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(String(app.Version)).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    for (const key of ['ProviderName', 'DefaultLocale', 'Permissions'])
      expect(app[key]).toBeTruthy();
    for (const key of [
      'DisplayName',
      'Description',
      'IconUrl',
      'HighResolutionIconUrl',
      'SupportUrl',
    ]) {
      expect(at(app, key)['@DefaultValue']).toBeTruthy();
    }
    expect(at(app, 'Hosts', 'Host')['@Name']).toBe('Workbook');
    expect(app.Permissions).toBe('ReadWriteDocument');
    // Base-manifest elements come in the order the schema requires.
    const order = [
      'Id',
      'Version',
      'ProviderName',
      'DefaultLocale',
      'DisplayName',
      'Description',
      'IconUrl',
      'HighResolutionIconUrl',
      'SupportUrl',
      'AppDomains',
      'Hosts',
      'Requirements',
      'DefaultSettings',
      'Permissions',
      'VersionOverrides',
    ];
    expect(Object.keys(app).filter((k) => !k.startsWith('@'))).toEqual(order);
  });

  it('requires the shared runtime and custom functions runtime', () => {
    const sets = list(at(app, 'Requirements', 'Sets', 'Set') as Node | Node[]).map(
      (s) => `${s['@Name']} ${s['@MinVersion']}`,
    );
    // The functions use CustomFunctions.Error, which came with CustomFunctionsRuntime 1.2.
    expect(sets).toEqual(['SharedRuntime 1.1', 'CustomFunctionsRuntime 1.2']);
  });

  it('runs the pane and the functions in one long-lived runtime: taskpane.html', () => {
    const overrides = at(app, 'VersionOverrides');
    expect(overrides['@xsi:type']).toBe('VersionOverridesV1_0');
    const host = at(overrides, 'Hosts', 'Host');
    expect(host['@xsi:type']).toBe('Workbook');
    expect(Object.keys(host).filter((k) => !k.startsWith('@'))[0]).toBe('Runtimes'); // first, as Office requires
    const runtime = at(host, 'Runtimes', 'Runtime');
    expect(runtime).toEqual({ '@resid': 'Taskpane.Url', '@lifetime': 'long' });
    const cf = list(at(host, 'AllFormFactors', 'ExtensionPoint') as Node | Node[]).find(
      (e) => e['@xsi:type'] === 'CustomFunctions',
    )!;
    expect(at(cf, 'Page', 'SourceLocation')['@resid']).toBe('Taskpane.Url');
    expect(at(host, 'DesktopFormFactor', 'FunctionFile')['@resid']).toBe('Taskpane.Url');
    expect(r.urls.get('Taskpane.Url')).toBe('https://localhost:3000/addin/taskpane.html');
    expect(r.urls.get(String(at(cf, 'Script', 'SourceLocation')['@resid']))).toBe(
      'https://localhost:3000/addin/functions.js',
    );
    expect(r.urls.get(String(at(cf, 'Metadata', 'SourceLocation')['@resid']))).toBe(
      'https://localhost:3000/addin/functions.json',
    );
    expect(r.short.get(String(at(cf, 'Namespace')['@resid']))).toBe('CARE');
  });

  it('has a Home tab button that opens the pane', () => {
    const surface = at(
      app,
      'VersionOverrides',
      'Hosts',
      'Host',
      'DesktopFormFactor',
      'ExtensionPoint',
    );
    expect(surface['@xsi:type']).toBe('PrimaryCommandSurface');
    const tab = at(surface, 'OfficeTab');
    expect(tab['@id']).toBe('TabHome');
    const action = at(tab, 'Group', 'Control', 'Action');
    expect(action['@xsi:type']).toBe('ShowTaskpane');
    expect(at(action, 'SourceLocation')['@resid']).toBe('Taskpane.Url');
    const images = list(at(tab, 'Group', 'Icon', 'bt:Image') as Node | Node[]).map(
      (i) => i['@size'],
    );
    expect(images).toEqual(['16', '32', '80']);
  });

  it('every resid is at most 32 characters and defined, in the right kind of resource', () => {
    const used: Array<[string, string]> = [];
    for (const [tag, node] of walk(app))
      if (typeof node['@resid'] === 'string') used.push([tag, node['@resid']]);
    expect(used.length).toBeGreaterThan(15);
    for (const [tag, resid] of used) {
      expect({ resid, length: resid.length <= 32 }).toEqual({ resid, length: true });
      const kind =
        tag === 'bt:Image'
          ? r.images
          : ['SourceLocation', 'Runtime', 'FunctionFile', 'LearnMoreUrl'].includes(tag)
            ? r.urls
            : tag === 'Description'
              ? r.long
              : r.short;
      expect({ tag, resid, defined: kind.has(resid) }).toEqual({ tag, resid, defined: true });
    }
    // Resource ids are unique and each one is used.
    const ids = [...r.images.keys(), ...r.urls.keys(), ...r.short.keys(), ...r.long.keys()];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.length <= 32)).toBe(true);
    const usedIds = new Set(used.map(([, id]) => id));
    expect(ids.filter((id) => !usedIds.has(id))).toEqual([]);
    expect(all.size).toBe(ids.length);
  });

  it('every URL is https under the service /addin/, and AppDomains names the service', () => {
    const urls = [...XML.matchAll(/(?:DefaultValue="|<AppDomain>)(https?:\/\/[^"<]+)/g)].map(
      (m) => m[1]!,
    );
    expect(urls.length).toBeGreaterThan(8);
    for (const url of urls)
      expect(
        url === 'https://localhost:3000' || url.startsWith('https://localhost:3000/addin/'),
      ).toBe(true);
    expect(at(app, 'AppDomains').AppDomain).toBe('https://localhost:3000');
    // The files the URLs name are the ones the build makes (or copies from addin/assets).
    const files = [
      ...r.urls.values(),
      ...r.images.values(),
      String(at(app, 'IconUrl')['@DefaultValue']),
    ].map((u) => u.replace('https://localhost:3000/addin/', ''));
    for (const file of files.filter((f) => f.startsWith('assets/')))
      expect(() => readFileSync(`addin/${file}`)).not.toThrow();
    expect(files.filter((f) => !f.startsWith('assets/')).sort()).toEqual([
      'functions.js',
      'functions.json',
      'taskpane.html',
    ]);
  });
});

describe('a deployment build moves every URL to CAREFEE_BASE_URL', () => {
  it('rewrites URLs under the base (with a path) and AppDomain to its origin', () => {
    const target = webpackConfig.baseUrlFrom('https://carefee.example.org/prod/');
    expect(target).toEqual({
      base: 'https://carefee.example.org/prod',
      origin: 'https://carefee.example.org',
    });
    const xml = webpackConfig.manifestFor(XML, target);
    const { app, r } = check(xml);
    expect(xml).not.toContain('localhost');
    expect(at(app, 'AppDomains').AppDomain).toBe('https://carefee.example.org');
    expect(r.urls.get('Taskpane.Url')).toBe('https://carefee.example.org/prod/addin/taskpane.html');
    expect(at(app, 'DefaultSettings', 'SourceLocation')['@DefaultValue']).toBe(
      'https://carefee.example.org/prod/addin/taskpane.html',
    );
  });

  it('refuses an address Office would not load', () => {
    expect(() => webpackConfig.baseUrlFrom('http://carefee.example.org')).toThrow(/https/);
    expect(() => webpackConfig.baseUrlFrom('carefee')).toThrow(/not a web address/);
    expect(webpackConfig.baseUrlFrom(undefined).base).toBe('https://localhost:3000');
  });
});

describe('the build versions the manifest by what Office caches (manifest and functions.json)', () => {
  const { versionedManifest } = webpackConfig;
  const version = (xml: string) => String(at(parse(xml), 'OfficeApp').Version);
  const metadata = JSON.stringify({ functions: [{ id: 'FEE', name: 'FEE' }] });

  it('keeps the repo version parts, sets a fourth part in range, and stays a valid manifest', () => {
    const built = versionedManifest(XML, metadata);
    check(built);
    const [major, minor, build, revision] = version(built).split('.').map(Number);
    expect([major, minor, build]).toEqual(version(XML).split('.').slice(0, 3).map(Number));
    expect(revision).toBeGreaterThanOrEqual(1);
    expect(revision).toBeLessThanOrEqual(65535);
    // Same inputs, same version: an unchanged rebuild does not make Office reload.
    expect(version(versionedManifest(XML, metadata))).toBe(version(built));
  });

  it('changes the version when the function metadata changes', () => {
    const changed = JSON.stringify({ functions: [{ id: 'FEE', name: 'FEE', description: 'x' }] });
    expect(version(versionedManifest(XML, changed))).not.toBe(
      version(versionedManifest(XML, metadata)),
    );
  });

  it('changes the version when the manifest changes, whatever version it was built from', () => {
    const edited = XML.replace('ReadWriteDocument', 'ReadDocument');
    expect(version(versionedManifest(edited, metadata))).not.toBe(
      version(versionedManifest(XML, metadata)),
    );
    // The repo's own fourth part is not an input: rebuilding a built manifest gives the same one.
    const built = versionedManifest(XML, metadata);
    expect(versionedManifest(built, metadata)).toBe(built);
  });

  it('refuses a manifest without a version rather than shipping one Office would cache forever', () => {
    expect(() => versionedManifest(XML.replace(/<Version>[^<]*<\/Version>/, ''), metadata)).toThrow(
      /no <Version>/,
    );
  });
});

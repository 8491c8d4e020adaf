/** Display helpers for the provider page (browser). Figures arrive as exact decimal text. */

export function pounds(amount: string | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  const negative = amount.startsWith('-');
  const [whole = '0', pence = '00'] = amount.replace('-', '').split('.');
  return `${negative ? '−' : ''}£${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${pence.padEnd(2, '0')}`;
}

export function signedPounds(amount: string | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  return amount.startsWith('-') ? pounds(amount) : `+${pounds(amount)}`;
}

export function signedPercent(percent: string | null | undefined): string {
  if (percent === null || percent === undefined) return '—';
  return percent.startsWith('-') ? `−${percent.slice(1)}%` : `+${percent}%`;
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
    timeZoneName: 'short',
  });
}

export function rowLabel(row: {
  categoryName: string;
  band: string | null;
  bandName: string | null;
}): string {
  return row.band === null
    ? row.categoryName
    : `${row.categoryName} — ${row.bandName ?? `band ${row.band}`}`;
}

/** Where this page's data and downloads live: beside the share link, whatever its token. */
export function shareBase(pathname: string): string {
  return parseSharePath(pathname).base;
}

/** "/s/{token}" or "/s/{token}/response/{changeToken}" → the share link's base and the change token. */
export function parseSharePath(pathname: string): { base: string; changeToken: string | null } {
  const clean = pathname.replace(/\/+$/, '');
  const m = /^(.*)\/response\/([^/]+)$/.exec(clean);
  return m ? { base: m[1]!, changeToken: m[2]! } : { base: clean, changeToken: null };
}

/** A response's private change link, beside its share link. */
export const changeLinkPath = (base: string, changeToken: string) =>
  `${base}/response/${changeToken}`;

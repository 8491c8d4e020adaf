/** The portal page's view of the provider portal API (/p/:token/api/...), and plain-English labels. */

export interface Question {
  id: string;
  text: string;
  kind: 'mandatory' | 'scored' | 'open';
}
export interface PortalOffer {
  id: string;
  revision: number;
  weeklyPrice: string;
  answers: Array<{ questionId: string; answer: boolean | string }>;
}
export interface PortalRequirement {
  id: string;
  summary: string;
  needs: { kind: string; category?: string; band?: string; tier?: string; unitsPerWeek?: string };
  category: string;
  /** The category as the rate cards name it. */
  categoryName: string;
  area: string;
  startDate: string;
  endDate: string | null;
  closesAt: string;
  questions: Question[];
  myOffer: PortalOffer | null;
}
export interface PortalAgreement {
  id: string;
  category: string;
  categoryName: string;
  startDate: string;
  endDate: string | null;
  weeklyPrice: string;
  receiptFrequency: string;
  status: 'pending-acceptance' | 'active' | 'declined';
}
export interface PortalReceipt {
  id: string;
  agreementId: string;
  periodStart: string;
  periodEnd: string;
  amount: string;
  status: string;
  disputeReason: string | null;
}

/** The portal link's token: the path segment after /p/. */
export const tokenFrom = (pathname: string) => pathname.split('/')[2] ?? '';

export class ApiError extends Error {}

/** Call the portal API; a refusal becomes an ApiError carrying the service's own message. */
export async function call<T>(token: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/p/${encodeURIComponent(token)}/api/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) {
    const message = json?.error?.message ?? `the service answered ${res.status}`;
    throw new ApiError(message.charAt(0).toUpperCase() + message.slice(1));
  }
  return json as T;
}

/** An ISO date as en-GB reads it: "6 April 2026". */
export function longDate(iso: string | null): string {
  if (!iso) return 'No end date';
  return new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** The needs in words; a category by its name (`categoryName`), never its id. */
export function needsText(n: PortalRequirement['needs'], categoryName: string): string {
  if (n.kind === 'category') return n.band ? `${categoryName}, band ${n.band}` : categoryName;
  if (n.kind === 'chc') return `NHS Continuing Healthcare, tier ${n.tier}`;
  if (n.kind === 'home-support') return `${n.unitsPerWeek} hours of home support a week`;
  return n.kind;
}

export const RECEIPT_STATUS: Record<string, string> = {
  raised: 'Waiting for you to check',
  'pending-approval': 'Submitted, waiting for approval',
  disputed: 'Disputed',
  approved: 'Approved',
  invoiced: 'Invoiced',
  paid: 'Paid',
  void: 'Cancelled',
};

export const FREQUENCY: Record<string, string> = {
  weekly: 'Every week',
  'four-weekly': 'Every four weeks',
};

/** Pounds and pence as typed ("812.50", "£1,234"), or null when it is not an amount. */
export function parsePounds(typed: string): string | null {
  const cleaned = typed.trim().replace(/^£/, '').replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return cleaned;
}

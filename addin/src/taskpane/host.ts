/** Where the pane is running: inside Excel (every action), or a plain browser (read-only preview). */

/** How long a plain browser waits for office.js before opening the read-only preview. */
export const OFFICE_READY_TIMEOUT_MS = 4000;

interface OfficeLike {
  onReady?: () => Promise<{ host: unknown; platform?: unknown } | null>;
  HostType?: { Excel: unknown };
}

/**
 * Office opens an add-in's pages with `_host_Info` in the address (e.g.
 * "?_host_Info=Excel$Win32$16.01$en-GB"): then the page is inside Office, however slowly
 * Office.onReady answers, and the pane waits for it rather than deciding "not in Excel".
 */
export function openedByOffice(search: string = globalThis.location?.search ?? ''): boolean {
  return /[?&]_host_Info=/i.test(search);
}

/**
 * True only when Office says the host is Excel. office.js missing (blocked, offline), no host
 * (a plain browser) or, outside Office, no answer in time all mean the read-only preview,
 * never a failure. If Office answers "Excel" after that, `onLateExcel` is called so the pane
 * recovers its Excel actions instead of staying read-only.
 */
export async function detectExcel(
  office: OfficeLike | undefined = (globalThis as { Office?: OfficeLike }).Office,
  timeoutMs: number | null = openedByOffice() ? null : OFFICE_READY_TIMEOUT_MS,
  onLateExcel?: () => void,
): Promise<boolean> {
  if (!office || typeof office.onReady !== 'function') return false;
  const isExcel = (info: { host: unknown } | null | undefined) =>
    info !== null && info !== undefined && info.host === (office.HostType?.Excel ?? 'Excel');
  const ready = office.onReady().catch(() => null);
  if (timeoutMs === null) return isExcel(await ready);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const info = await Promise.race([
    ready,
    new Promise<null>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        resolve(null);
      }, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (timedOut && onLateExcel) {
    void ready.then((late) => {
      if (isExcel(late)) onLateExcel();
    });
  }
  return isExcel(info);
}

/** Where the pane is running: inside Excel (every action), or a plain browser (read-only preview). */

/** How long to wait for office.js before treating the page as a plain browser. */
export const OFFICE_READY_TIMEOUT_MS = 4000;

interface OfficeLike {
  onReady?: () => Promise<{ host: unknown; platform?: unknown } | null>;
  HostType?: { Excel: unknown };
}

/**
 * True only when Office says the host is Excel. office.js missing (blocked, offline), no host
 * (a plain browser) or no answer in time all mean the read-only preview, never a failure.
 */
export async function detectExcel(
  office: OfficeLike | undefined = (globalThis as { Office?: OfficeLike }).Office,
  timeoutMs = OFFICE_READY_TIMEOUT_MS,
): Promise<boolean> {
  if (!office || typeof office.onReady !== 'function') return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const info = await Promise.race([
    office.onReady().catch(() => null),
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  return info !== null && info !== undefined && info.host === (office.HostType?.Excel ?? 'Excel');
}

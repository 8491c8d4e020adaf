/**
 * Task pane entry. Inside Excel, Office.onReady reports the host and the pane has every action;
 * in a plain browser (no host, or office.js missing) it opens as a read-only preview instead of
 * failing.
 */
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createPaneServices } from './paneServices';
import { prefersDark } from './theme';

/** How long to wait for office.js before treating the page as a plain browser. */
const OFFICE_READY_TIMEOUT_MS = 4000;

export async function detectExcel(): Promise<boolean> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office || typeof office.onReady !== 'function') return false;
  const info = await Promise.race([
    office.onReady().catch(() => null),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), OFFICE_READY_TIMEOUT_MS)),
  ]);
  return info?.host === office.HostType.Excel;
}

async function start() {
  const inExcel = await detectExcel();
  let container = document.getElementById('container');
  if (!container) {
    container = document.createElement('div');
    container.id = 'container';
    document.body.appendChild(container);
  }
  // The pane fills the task pane edge to edge, in the theme's background (dark included).
  document.body.style.margin = '0';
  const services = createPaneServices(inExcel);
  const officeJsFailed = (globalThis as { carefeeOfficeJsFailed?: boolean }).carefeeOfficeJsFailed === true;
  const previewReason = officeJsFailed ? "Office's office.js library could not load" : undefined;
  createRoot(container).render(<App services={services} dark={prefersDark()} previewReason={previewReason} />);
}

void start();

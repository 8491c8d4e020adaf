/**
 * Task pane entry. Inside Excel, Office.onReady reports the host and the pane has every action;
 * in a plain browser (no host, or office.js missing) it opens as a read-only preview instead of
 * failing.
 */
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createPaneServices } from './paneServices';
import { prefersDark } from './theme';
import { detectExcel } from './host';

async function start() {
  // If Office answers after the preview has opened, render again with Excel's actions.
  const late: { upgrade?: () => void } = {};
  const inExcel = await detectExcel(undefined, undefined, () => late.upgrade?.());
  let container = document.getElementById('container');
  if (!container) {
    container = document.createElement('div');
    container.id = 'container';
    document.body.appendChild(container);
  }
  // The pane fills the task pane edge to edge, in the theme's background (dark included).
  document.body.style.margin = '0';
  const services = createPaneServices(inExcel);
  const officeJsFailed =
    (globalThis as { carefeeOfficeJsFailed?: boolean }).carefeeOfficeJsFailed === true;
  const previewReason = officeJsFailed ? "Office's office.js library could not load" : undefined;
  const root = createRoot(container);
  root.render(<App services={services} dark={prefersDark()} previewReason={previewReason} />);
  late.upgrade = () =>
    root.render(<App key="excel" services={createPaneServices(true)} dark={prefersDark()} />);
}

void start();

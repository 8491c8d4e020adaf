/**
 * The functions bundle's entry. In Excel the page has the CustomFunctions runtime; opened in a
 * plain browser (the pane's read-only preview) it does not, and the registrations appended to
 * functions.ts must not throw there, so a stand-in is installed first.
 *
 * The bundle waits for Office.onReady itself rather than relying on the task pane's bundle: if
 * the pane fails to load, the functions still learn the host (for the £ number format) and
 * keep calculating.
 */
import './runtimeGuard';
import './functions';
import { resetMoneyFormat } from './results';

const office = (globalThis as { Office?: { onReady?: () => Promise<unknown> } }).Office;
if (office && typeof office.onReady === 'function') {
  office
    .onReady()
    .then(() => resetMoneyFormat())
    .catch(() => undefined);
}

/**
 * The functions bundle's entry. In Excel the page has the CustomFunctions runtime; opened in a
 * plain browser (the pane's read-only preview) it does not, and the registrations appended to
 * functions.ts must not throw there, so a stand-in is installed first.
 */
import './runtimeGuard';
import './functions';

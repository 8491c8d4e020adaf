import { useEffect } from 'react';

/** The document title, with GOV.UK's "Error: " prefix while the page shows errors. */
export function usePageTitle(title: string, hasErrors = false): void {
  useEffect(() => {
    document.title = `${hasErrors ? 'Error: ' : ''}${title}`;
  }, [title, hasErrors]);
}

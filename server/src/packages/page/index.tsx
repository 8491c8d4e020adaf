/** The provider portal page: what a provider's personal link opens. No sign-in; the link is the key. */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { PortalPage } from './PortalPage';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <FluentProvider theme={webLightTheme}>
      <PortalPage pathname={window.location.pathname} />
    </FluentProvider>,
  );
}

/** The provider page: what a share link opens. No sign-in; the link is the key. */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';
import { ProviderPage } from './ProviderPage';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <FluentProvider theme={webLightTheme}>
      <ProviderPage pathname={window.location.pathname} />
    </FluentProvider>,
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  ServiceError,
  type CarefeeApi,
  type Connection,
  type Me,
  type PaneServices,
  type ServiceErrorKind,
} from '../services';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

type Status =
  | { kind: 'idle' }
  | { kind: 'testing' }
  | { kind: 'connected'; me: Me }
  | { kind: 'failed'; error: ServiceErrorKind; message: string };

/** What each failure means to the person at the keyboard, and what to do about it. */
export const FAILURE_TEXT: Record<ServiceErrorKind, { title: string; hint: string }> = {
  offline: {
    title: 'Cannot reach the service',
    hint: 'You may be offline, or the address is wrong or the service is down. Check the URL and your network, then try again.',
  },
  unauthorized: {
    title: 'Token refused',
    hint: 'The token has expired, been revoked or was mistyped. Ask your carefee administrator for a new one.',
  },
  'wrong-url': {
    title: 'Not a carefee service',
    hint: 'Something answered at that address, but it is not a carefee service. Check the URL: it is the address of the service, without /api.',
  },
  forbidden: { title: 'Not allowed', hint: 'Your role does not allow this.' },
  'not-found': { title: 'Not found', hint: 'The service does not know this.' },
  invalid: { title: 'Refused', hint: 'The service refused the request.' },
  conflict: { title: 'Conflict', hint: 'Someone else changed this first. Reload and try again.' },
  server: { title: 'Service error', hint: 'The service failed. Try again later.' },
};

export interface ConnectViewProps {
  services: PaneServices;
  onConnected(api: CarefeeApi, me: Me, connection: Connection): void;
  onDisconnected(): void;
}

export function ConnectView({ services, onConnected, onDisconnected }: ConnectViewProps) {
  const styles = useStyles();
  const [serviceUrl, setServiceUrl] = useState('');
  const [token, setToken] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const started = useRef(false);

  const test = useCallback(
    async (connection: Connection, save: boolean) => {
      setStatus({ kind: 'testing' });
      try {
        const api = services.connect(connection);
        const me = await api.me();
        if (save) await services.settings.save(connection);
        setStatus({ kind: 'connected', me });
        onConnected(api, me, connection);
      } catch (e) {
        const error = e instanceof ServiceError ? e.kind : 'offline';
        setStatus({ kind: 'failed', error, message: (e as Error).message });
        onDisconnected();
      }
    },
    [services, onConnected, onDisconnected],
  );

  // The saved connection is tested on entry, so the pane opens already connected (or says why not).
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void services.settings.load().then((saved) => {
      if (!saved) return;
      setServiceUrl((current) => current || saved.serviceUrl);
      if (!saved.token) return;
      setToken(saved.token);
      void test(saved, false);
    });
  }, [services, test]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void test({ serviceUrl: serviceUrl.trim(), token: token.trim() }, true);
  };

  const disconnect = async () => {
    await services.settings.clear();
    setToken('');
    setStatus({ kind: 'idle' });
    onDisconnected();
  };

  const canSubmit = serviceUrl.trim() !== '' && token.trim() !== '' && status.kind !== 'testing';
  return (
    <form className={styles.form} onSubmit={submit} aria-label="Connect to the carefee service">
      <Field label="Service URL" hint="The address of your organisation's carefee service" required>
        <Input
          type="url"
          value={serviceUrl}
          onChange={(_, d) => setServiceUrl(d.value)}
          placeholder="https://carefee.example.gov.uk"
        />
      </Field>
      <Field
        label="Access token"
        hint="Kept for you on this computer, never in the workbook"
        required
      >
        <Input
          type="password"
          value={token}
          onChange={(_, d) => setToken(d.value)}
          autoComplete="off"
        />
      </Field>
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={!canSubmit}>
          {status.kind === 'connected' ? 'Reconnect' : 'Connect'}
        </Button>
        {status.kind === 'connected' && (
          <Button onClick={() => void disconnect()}>Disconnect</Button>
        )}
      </div>
      <div role="status" aria-live="polite">
        {status.kind === 'testing' && <Spinner size="tiny" label="Testing the connection…" />}
        {status.kind === 'connected' && (
          <MessageBar intent="success">
            <MessageBarBody>
              <MessageBarTitle>Connected</MessageBarTitle>
              <Text>
                {status.me.organisation.name}: {status.me.user.name}, {status.me.user.role}
              </Text>
            </MessageBarBody>
          </MessageBar>
        )}
        {status.kind === 'failed' && (
          <MessageBar intent={status.error === 'offline' ? 'warning' : 'error'}>
            <MessageBarBody>
              <MessageBarTitle>{FAILURE_TEXT[status.error].title}</MessageBarTitle>
              {FAILURE_TEXT[status.error].hint}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
    </form>
  );
}

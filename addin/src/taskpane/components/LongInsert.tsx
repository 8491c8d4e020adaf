/**
 * A long write to the workbook that shows its progress and can be cancelled: the hook holds
 * the state and the AbortController, the component shows the bar, the count and Cancel.
 */
import { useCallback, useRef, useState } from 'react';
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { InsertCancelled } from '../excelActions';

const useStyles = makeStyles({
  progress: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  bar: { flexGrow: 1 },
});

export interface InsertProgress {
  /** What is happening: "Reading providers", "Writing rows". */
  stage: string;
  done: number;
  total: number;
}

type Notice = { intent: 'success' | 'error' | 'info'; text: string } | null;

export function useLongInsert() {
  const [progress, setProgress] = useState<InsertProgress | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const controller = useRef<AbortController | null>(null);

  /** Runs `work`; its message on success, "Cancelled…" when the user stopped it. */
  const start = useCallback(
    async (
      what: string,
      work: (signal: AbortSignal, report: (p: InsertProgress) => void) => Promise<string>,
    ) => {
      const abort = new AbortController();
      controller.current = abort;
      setNotice(null);
      setProgress({ stage: 'Starting', done: 0, total: 0 });
      try {
        setNotice({ intent: 'success', text: await work(abort.signal, setProgress) });
      } catch (e) {
        if (e instanceof InsertCancelled) setNotice({ intent: 'info', text: e.message });
        else if (abort.signal.aborted)
          setNotice({ intent: 'info', text: 'Cancelled before anything was written.' });
        else setNotice({ intent: 'error', text: `${what} failed: ${(e as Error).message}` });
      } finally {
        controller.current = null;
        setProgress(null);
      }
    },
    [],
  );
  const cancel = useCallback(() => controller.current?.abort(), []);
  return { busy: progress !== null, progress, notice, start, cancel };
}

export function LongInsertStatus({
  progress,
  notice,
  onCancel,
}: {
  progress: InsertProgress | null;
  notice: Notice;
  onCancel(): void;
}) {
  const styles = useStyles();
  return (
    <>
      {progress && (
        <div className={styles.progress}>
          <Field
            className={styles.bar}
            label={progress.stage}
            validationState="none"
            validationMessage={
              progress.total ? `${progress.done} of ${progress.total} rows` : 'Starting…'
            }
          >
            <ProgressBar value={progress.total ? progress.done / progress.total : undefined} />
          </Field>
          <Button onClick={onCancel}>Cancel</Button>
        </div>
      )}
      {notice && (
        <MessageBar intent={notice.intent} role="status">
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}

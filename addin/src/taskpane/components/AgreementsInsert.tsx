/**
 * On a card's page: insert the organisation's live service agreements as a table whose fees
 * are live =CARE.FEE formulas on this card, with the year's =CARE.COMMITMENT above it.
 */
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { RateCard } from '../../../../shared/src';
import { localToday } from '../../core/cardCache';
import { agreementTableSpec } from '../agreements';
import type { CarefeeApi } from '../services';
import type { ExcelActions } from '../excelActions';
import { allProviders } from '../providers';
import { LongInsertStatus, useLongInsert } from './LongInsert';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

export function AgreementsInsert({
  api,
  card,
  excel,
  disabled,
}: {
  api: CarefeeApi;
  card: RateCard;
  excel: ExcelActions | null;
  disabled: boolean;
}) {
  const styles = useStyles();
  const insert = useLongInsert();
  const run = () =>
    insert.start('Inserting the agreements', async (signal, report) => {
      if (!api.listAgreements) throw new Error('This carefee service has no care packages.');
      const today = localToday();
      report({ stage: 'Reading agreements', done: 0, total: 0 });
      const [agreements, requirements] = await Promise.all([
        api.listAgreements('active'),
        api.listRequirements ? api.listRequirements() : Promise.resolve([]),
      ]);
      const providers = await allProviders(
        api,
        { asOf: today },
        (done, total) => report({ stage: 'Reading providers', done, total }),
        signal,
      );
      const spec = agreementTableSpec({ card, agreements, providers, requirements, today });
      const r = await excel!.insertTable(spec, {
        signal,
        onProgress: (done, total) => report({ stage: 'Writing to the workbook', done, total }),
      });
      return `${r.rows} live agreements inserted on sheet "${r.sheetName}" (table ${r.tableName}); their card fees are =CARE.FEE formulas on ${card.id}.`;
    });
  return (
    <section aria-label="Live agreements" className={styles.root}>
      <Text weight="semibold">Live agreements</Text>
      <Text size={200}>
        Every live service agreement in a table: the agreed price beside a live =CARE.FEE on this
        card for the provider on the start date, and the year&apos;s =CARE.COMMITMENT.
      </Text>
      <div>
        <Button disabled={!excel || disabled || insert.busy} onClick={() => void run()}>
          Insert live agreements
        </Button>
      </div>
      <LongInsertStatus
        progress={insert.progress}
        notice={insert.notice}
        onCancel={insert.cancel}
      />
    </section>
  );
}

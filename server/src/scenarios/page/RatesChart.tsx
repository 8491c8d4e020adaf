import {
  GroupedVerticalBarChart,
  ResponsiveContainer,
  type GroupedVerticalBarChartData,
} from '@fluentui/react-charts';
import { tokens } from '@fluentui/react-components';
import type { PublicScenario } from '../../../../shared/src/contract/scenarioView';
import { pounds, rowLabel } from './format';

/** Current against proposed standard weekly fee for each category and band. */
export function RatesChart({ view }: { view: PublicScenario }) {
  const data: GroupedVerticalBarChartData[] = view.rows.map((row) => ({
    name: rowLabel(row),
    series: [
      ...(row.current
        ? [
            {
              key: 'current',
              legend: 'Current weekly fee',
              data: Number(row.current.weekly),
              color: tokens.colorNeutralForeground3,
              yAxisCalloutData: pounds(row.current.weekly),
            },
          ]
        : []),
      ...(row.proposed
        ? [
            {
              key: 'proposed',
              legend: 'Proposed weekly fee',
              data: Number(row.proposed.weekly),
              color: tokens.colorBrandBackground,
              yAxisCalloutData: pounds(row.proposed.weekly),
            },
          ]
        : []),
    ],
  }));
  return (
    <div data-testid="rates-chart">
      <ResponsiveContainer height={320}>
        <GroupedVerticalBarChart
          data={data}
          chartTitle="Current and proposed weekly fees"
          yAxisTitle="£ a week"
          hideLabels
          barWidth="auto"
          wrapXAxisLables
          maxBarWidth={36}
          yAxisTickFormat={(v: number) => `£${v.toLocaleString('en-GB')}`}
          enabledLegendsWrapLines
          roundCorners
        />
      </ResponsiveContainer>
    </div>
  );
}

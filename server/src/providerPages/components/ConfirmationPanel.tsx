import { makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, type ReactNode } from 'react';

const useStyles = makeStyles({
  panel: {
    backgroundColor: '#00703c', // GOV.UK's confirmation green: white text on it is 5.9:1
    color: '#ffffff',
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalL}`,
    textAlign: 'center',
    ':focus': { outline: `3px solid ${tokens.colorPaletteYellowBorder2}`, outlineOffset: '2px' },
  },
  title: { margin: 0, fontSize: '2rem', lineHeight: 1.2 },
  body: {
    marginTop: tokens.spacingVerticalM,
    fontSize: tokens.fontSizeBase500,
    lineHeight: 1.4,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  reference: {
    display: 'block',
    fontSize: '2rem',
    fontWeight: tokens.fontWeightBold,
    letterSpacing: '0.1em',
    lineHeight: 1.2,
    overflowWrap: 'anywhere',
  },
});

/**
 * GOV.UK's confirmation panel: the outcome and the reference, in a green box. It scrolls into
 * view and takes focus when shown (`announceKey` changes), so nobody is left looking at where
 * the form was.
 */
export function ConfirmationPanel({
  title,
  referenceLabel = 'Your reference',
  reference,
  announceKey,
  headingLevel = 1,
  children,
}: {
  title: string;
  referenceLabel?: string;
  reference: string;
  announceKey?: string | number;
  headingLevel?: 1 | 2;
  children?: ReactNode;
}) {
  const s = useStyles();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
    ref.current?.focus();
  }, [announceKey]);
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <div className={s.panel} ref={ref} tabIndex={-1} data-testid="confirmation-panel">
      <Heading className={s.title}>{title}</Heading>
      <div className={s.body}>
        <div>
          {referenceLabel}
          <strong className={s.reference}>{reference}</strong>
        </div>
        {children}
      </div>
    </div>
  );
}

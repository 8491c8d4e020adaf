import { makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, type MouseEvent } from 'react';

export interface SummaryError {
  /** The id of the control to move to: the input, or the first radio of a group. */
  fieldId: string;
  message: string;
}

const useStyles = makeStyles({
  summary: {
    border: `5px solid ${tokens.colorPaletteRedBorder2}`,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus': { outline: `3px solid ${tokens.colorPaletteYellowBorder2}`, outlineOffset: 0 },
  },
  title: { margin: `0 0 ${tokens.spacingVerticalM}`, fontSize: tokens.fontSizeBase500 },
  list: {
    margin: 0,
    paddingLeft: 0,
    listStyleType: 'none',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  link: {
    color: tokens.colorPaletteRedForeground3,
    fontWeight: tokens.fontWeightSemibold,
    textDecorationLine: 'underline',
    ':focus-visible': { outline: `3px solid ${tokens.colorPaletteYellowBorder2}` },
  },
});

/**
 * GOV.UK's error summary: "There is a problem", then each error as a link to its field. It
 * takes focus when it appears (and again when `attempt` changes: each failed send), so screen
 * reader and keyboard users start at the list. A link moves focus to its field and scrolls the
 * field's label into view with it.
 */
export function ErrorSummary({ errors, attempt }: { errors: SummaryError[]; attempt: number }) {
  const s = useStyles();
  const ref = useRef<HTMLDivElement>(null);
  const shown = errors.length > 0;
  useEffect(() => {
    if (shown && ref.current) {
      ref.current.scrollIntoView({ block: 'start' });
      ref.current.focus();
    }
  }, [shown, attempt]);
  if (!shown) return null;
  const go = (e: MouseEvent<HTMLAnchorElement>, fieldId: string) => {
    const field = document.getElementById(fieldId);
    if (!field) return;
    e.preventDefault();
    // The label sits above the field: bring the field's group into view, then focus without jumping.
    const group = field.closest('[data-field]') ?? field;
    group.scrollIntoView({ block: 'start' });
    field.focus({ preventScroll: true });
  };
  return (
    <div
      className={s.summary}
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby="error-summary-title"
      data-testid="error-summary"
    >
      <h2 className={s.title} id="error-summary-title">
        There is a problem
      </h2>
      <ul className={s.list}>
        {errors.map((e) => (
          <li key={e.fieldId + e.message}>
            <a className={s.link} href={`#${e.fieldId}`} onClick={(ev) => go(ev, e.fieldId)}>
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

import { makeStyles } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    clipPath: 'inset(50%)',
    border: 0,
    whiteSpace: 'nowrap',
  },
});

/** Read by screen readers, not shown: GOV.UK's "govuk-visually-hidden". */
export function VisuallyHidden({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <span className={useStyles().hidden} id={id}>
      {children}
    </span>
  );
}

/** An error message as GOV.UK words it for screen readers: "Error: " then the message. */
export function ErrorText({ message }: { message: string }) {
  return (
    <>
      <VisuallyHidden>Error: </VisuallyHidden>
      {message}
    </>
  );
}

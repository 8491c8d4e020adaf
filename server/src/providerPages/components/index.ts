/** GOV.UK Design System patterns for provider-facing pages, built on Fluent UI v9. See README.md. */
export { CharacterCount, remainingText } from './CharacterCount';
export { ConfirmationPanel } from './ConfirmationPanel';
export { ErrorSummary, type SummaryError } from './ErrorSummary';
export { count, youEntered } from './messages';
export { SelectField } from './SelectField';
export { StackedRadios } from './StackedRadios';
export { SummaryList } from './SummaryList';
export { TextField } from './TextField';
export { usePageTitle } from './usePageTitle';
export { ErrorText, VisuallyHidden } from './VisuallyHidden';

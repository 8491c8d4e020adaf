/**
 * The rate-card shapes the service sends and the add-in reads, kept at this path for the
 * modules that import it; their definitions (zod schemas) are in ./contract.
 */
export {
  CARD_STATUSES,
  cardMetaSchema,
  type CardMeta,
  type CardStatus,
  type CardSummary,
} from './contract/rateCards';

/**
 * The provider form's error messages, GOV.UK style: each names the field as it is labelled, says
 * what to do, and repeats what was typed. The response schema decides *whether* a field is
 * wrong (the service checks with the same one); these words say *how*, from what was typed.
 */
import { count, youEntered } from '../../providerPages/components';
import type { SummaryError } from '../../providerPages/components';

export interface CommentDraft {
  target: string;
  text: string;
}
export interface EvidenceDraft {
  target: string;
  description: string;
  amount: string;
  unit: string;
}
export interface ResponseDraft {
  organisationName: string;
  contactName: string;
  contactEmail: string;
  cqcLocationId: string;
  position: string;
  comments: CommentDraft[];
  evidence: EvidenceDraft[];
}

export const COMMENT_LIMIT = 5000;

/** Where each field lives on the page (error summary links go here). */
export const fieldIds = {
  organisationName: 'organisation-name',
  contactName: 'contact-name',
  contactEmail: 'contact-email',
  cqcLocationId: 'cqc-location-id',
  position: 'position',
  comment: (i: number) => `comment-${i + 1}`,
  commentAbout: (i: number) => `comment-${i + 1}-about`,
  costDescription: (i: number) => `cost-${i + 1}-description`,
  costAmount: (i: number) => `cost-${i + 1}-amount`,
  costUnit: (i: number) => `cost-${i + 1}-unit`,
  costAbout: (i: number) => `cost-${i + 1}-about`,
};

/** "£1,234.50" as typed → "1234.50" as the schema reads pounds. */
export const cleanAmount = (typed: string) => typed.trim().replace(/^£/, '').replace(/,/g, '');

const tooLong = (label: string, max: number) =>
  `${label} must be ${count(max)} characters or fewer`;

/** The message for one field path the schema refused ("costEvidence.0.amount"), from what was typed. */
export function messageFor(path: string, draft: ResponseDraft): SummaryError | null {
  const [head, index, leaf] = path.split('.');
  const i = Number(index);
  switch (head) {
    case 'organisationName':
      return {
        fieldId: fieldIds.organisationName,
        message: draft.organisationName.trim()
          ? tooLong('Organisation name', 200)
          : 'Enter your organisation name',
      };
    case 'contactName':
      return {
        fieldId: fieldIds.contactName,
        message: draft.contactName.trim() ? tooLong('Contact name', 200) : 'Enter a contact name',
      };
    case 'contactEmail':
      return {
        fieldId: fieldIds.contactEmail,
        message: draft.contactEmail.trim()
          ? `Contact email must be an email address, like name@example.org.${youEntered(draft.contactEmail)}`
          : 'Enter a contact email',
      };
    case 'cqcLocationId':
      return {
        fieldId: fieldIds.cqcLocationId,
        message: `CQC location ID must look like 1-123456789.${youEntered(draft.cqcLocationId)}`,
      };
    case 'position':
      return {
        fieldId: fieldIds.position,
        message: 'Select your position on the proposed rates',
      };
    case 'comments': {
      const c = draft.comments[i];
      if (!c) return null;
      if (leaf === 'text') {
        return {
          fieldId: fieldIds.comment(i),
          message: `Comment ${i + 1} must be ${count(COMMENT_LIMIT)} characters or fewer. It has ${count(c.text.trim().length)}.`,
        };
      }
      return {
        fieldId: fieldIds.commentAbout(i),
        message: `Comment ${i + 1} is about: choose a row of the proposed rates from the list`,
      };
    }
    case 'costEvidence': {
      const e = draft.evidence[i];
      if (!e) return null;
      const n = i + 1;
      if (leaf === 'description') {
        return {
          fieldId: fieldIds.costDescription(i),
          message: e.description.trim()
            ? tooLong(`Cost ${n}: what it is`, 300)
            : `Enter what cost ${n} is, for example “Waking night staff”`,
        };
      }
      if (leaf === 'amount') {
        const typed = e.amount;
        const clean = cleanAmount(typed);
        let message: string;
        if (!clean) message = `Enter cost ${n}’s amount in pounds, like 812.50`;
        else if (!/^\d+(\.\d{1,2})?$/.test(clean))
          message = `Cost ${n}: amount (£) must be pounds and pence, like 812.50.${youEntered(typed)}`;
        else
          message = `Cost ${n}: amount (£) must be more than £0 and no more than £1,000,000.${youEntered(typed)}`;
        return { fieldId: fieldIds.costAmount(i), message };
      }
      if (leaf === 'unit') {
        return { fieldId: fieldIds.costUnit(i), message: `Cost ${n}: per: choose from the list` };
      }
      return {
        fieldId: fieldIds.costAbout(i),
        message: `Cost ${n} applies to: choose a row of the proposed rates from the list`,
      };
    }
    default:
      return null;
  }
}

import { addDays } from '../dates';

/**
 * The age buckets of what is still to receive, as the payment register filters them (`age=`): due within
 * the next 30 days, then overdue by days past the due date. One definition for the tile and its link.
 */
export const AGE_BUCKETS = ['soon', '0-30', '31-60', '61-90', '90+'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** The due-date range [from, to] (either end open) of a bucket on `today`. */
export function ageRange(bucket: AgeBucket, today: string): { from?: string; to?: string } {
  switch (bucket) {
    case 'soon':
      return { from: today, to: addDays(today, 30) };
    case '0-30':
      return { from: addDays(today, -30), to: addDays(today, -1) };
    case '31-60':
      return { from: addDays(today, -60), to: addDays(today, -31) };
    case '61-90':
      return { from: addDays(today, -90), to: addDays(today, -61) };
    case '90+':
      return { to: addDays(today, -91) };
  }
}

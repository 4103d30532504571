import { ValidationError } from '../errors';

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

/**
 * Runs a list service for a page whose query comes from the URL. A malformed query (a `q` over its
 * length limit, a repeated parameter, a NUL byte) is the reader's typing, not a server failure: the page
 * shows the message and an empty list instead of an error page.
 */
export async function searchOrExplain<T>(
  search: () => Promise<Page<T>>,
): Promise<{ result: Page<T>; error: string | null }> {
  try {
    return { result: await search(), error: null };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    // The message as raised (keyed): the page renders it in the reader's language.
    return { result: { items: [], total: 0, page: 1, pageSize: 20 }, error: e.keyedMessage };
  }
}

/** A LIKE/ILIKE pattern matching values that contain `term` literally (%, _ and \ in it match themselves). */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A LIKE/ILIKE pattern matching values that start with `term` literally. */
export function prefixPattern(term: string): string {
  return `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A number as the words around it are read: with thousands separators ("2,000
 * characters", "from 7 to 3,650"), as the UI writes its counts (en-GB and en-US agree).
 * Apart from text-rules.ts, which builds zod schemas, so the form kit can say limits
 * without loading zod.
 */
export const inFigures = (n: number | bigint): string => n.toLocaleString('en');

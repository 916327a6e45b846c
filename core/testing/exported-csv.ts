// A customer list as an office exports it from Excel in Germany: semicolons, CRLF,
// decimal commas, dotted dates, umlauts and € (written as Windows-1252 by the caller).
// Row nr: `nr;Müller & Söhne nr €;nr,50;dd.11.2026`, dd cycling 01–28. Shared by the
// CSV → database tests and the CSV → PostgreSQL bench.

export const exportedCustomerColumns = ['Nr', 'Kunde', 'Betrag', 'Datum'] as const;

/** The file's text with `rows` rows; `names` replaces the Kunde of some rows (a re-export with changes). */
export function exportedCustomers(rows: number, names: ReadonlyMap<number, string> = new Map()): string {
  const lines = [exportedCustomerColumns.join(';')];
  for (let nr = 1; nr <= rows; nr++) {
    const day = String((nr % 28) + 1).padStart(2, '0');
    lines.push(`${nr};${names.get(nr) ?? `Müller & Söhne ${nr} €`};${nr},50;${day}.11.2026`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The sum of every row's Betrag, as PostgreSQL and MySQL print a numeric(12, 2). */
export const exportedTotal = (rows: number) => ((rows * (rows + 1)) / 2 + rows / 2).toFixed(2);

/** The flow mapping from the export's columns to a `kunden (nr, kunde, betrag, datum)` table. */
export const exportedCustomerMapping = [
  { target: 'nr', source: 'Nr', required: true },
  { target: 'kunde', source: 'Kunde' },
  { target: 'betrag', source: 'Betrag' },
  { target: 'datum', source: 'Datum' },
];

/** The PostgreSQL table the export goes into. */
export const kundenTable =
  'CREATE TABLE kunden (nr integer PRIMARY KEY, kunde text NOT NULL, betrag numeric(12, 2) NOT NULL, datum date NOT NULL)';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { auditKindNames, auditKinds, type AuditKind } from '../../../../core/contract/audit.ts';
import { DayRangeFields, FilterBar } from '../../components/filter-bar.tsx';
import { FormField, SelectField } from '../../components/form-field.tsx';
import { QueryStatus } from '../../components/query-status.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ViewHeader } from '../../components/view-header.tsx';
import { errorMessage } from '../../lib/field-errors.ts';
import { formatDateTime, isDayText, startOfLocalDay } from '../../lib/words.ts';
import { auditQueries, type AuditFilterInput } from '../../queries/audit-queries.ts';
import { Pager } from '../runs/pager.tsx';
import { useUrlFilters } from '../runs/use-url-filters.ts';
import './audit.css';

const pageSize = 50;

/** The filter as the address keeps it (kind, text, days as YYYY-MM-DD), for the API. */
function filterOf(params: URLSearchParams): AuditFilterInput {
  const kind = params.get('kind') ?? '';
  const text = (params.get('text') ?? '').trim();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    ...((auditKindNames as string[]).includes(kind) ? { kind: kind as AuditKind } : {}),
    ...(text ? { text: text.slice(0, 200) } : {}),
    ...(isDayText(from) ? { since: startOfLocalDay(from) } : {}),
    ...(isDayText(to) ? { until: startOfLocalDay(to, 1) } : {}),
  };
}

/** Hands a text file to the browser as a download (browser mode and the desktop window alike). */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Who changed what and when: setup, credentials (never their values), runs by hand, retries, imports. */
export function AuditView() {
  useDocumentTitle('Audit log');
  const { params, offset, set, setOffset, clear } = useUrlFilters();
  const filter = filterOf(params);
  const log = useQuery(auditQueries.list({ ...filter, limit: pageSize, offset }));
  const queryClient = useQueryClient();
  const [exporting, setExporting] = useState<{ busy: boolean; message: string; failed?: boolean }>();
  const [text, setText] = useState(params.get('text') ?? '');

  const exportCsv = async () => {
    setExporting({ busy: true, message: 'Preparing the file…' });
    try {
      const file = await queryClient.fetchQuery(auditQueries.export(filter));
      download(file.fileName, file.csv);
      setExporting({
        busy: false,
        message: `Saved ${file.rows.toLocaleString()} ${file.rows === 1 ? 'entry' : 'entries'} as ${file.fileName}.`,
      });
    } catch (error) {
      setExporting({ busy: false, failed: true, message: `The export did not work: ${errorMessage(error)}` });
    }
  };

  return (
    <section aria-labelledby="view-title" className="audit-view">
      <ViewHeader
        title="Audit log"
        description="Who changed what and when: setup, credentials (never their values), runs started by hand, retries and imports. Entries older than the history setting are removed."
        actions={
          <button
            type="button"
            className="button"
            disabled={exporting?.busy || !log.data || log.data.total === 0}
            onClick={() => void exportCsv()}
          >
            Export as CSV
          </button>
        }
      />
      <FilterBar
        label="Filter the audit log"
        filtered={Object.keys(filter).length > 0}
        onClear={() => {
          setText('');
          clear();
        }}
        onSubmit={() => set('text', text.trim())}
      >
        <SelectField
          id="audit-kind"
          label="What"
          value={params.get('kind') ?? ''}
          options={[['', 'Everything'], ...auditKindNames.map((k) => [k, auditKinds[k].label] as const)]}
          onChange={(value) => set('kind', value)}
        />
        <FormField
          id="audit-text"
          label="Containing"
          hint="A name, a setting, a word. Press Enter to search."
        >
          {(control) => (
            <input
              {...control}
              type="search"
              maxLength={200}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onBlur={() => set('text', text.trim())}
            />
          )}
        </FormField>
        <DayRangeFields
          idPrefix="audit"
          fromLabel="From"
          from={params.get('from') ?? ''}
          to={params.get('to') ?? ''}
          onChange={set}
        />
      </FilterBar>
      <div role="status" className="audit-export-status">
        {exporting && !exporting.failed && <p>{exporting.message}</p>}
      </div>
      {exporting?.failed && (
        <p role="alert" className="error-banner">
          {exporting.message}
        </p>
      )}

      <QueryStatus query={log} loading="Loading the audit log…" failed="Could not load the audit log" />
      {log.data?.total === 0 && (
        <div className="empty-state">
          <p className="empty-title">No entries</p>
          <p>
            {Object.keys(filter).length > 0
              ? 'Nothing matches these filters. Try another kind of entry, other words or other dates.'
              : 'Changes to apps, flows, credentials and settings, runs started by hand, retries and imports appear here.'}
          </p>
        </div>
      )}
      {log.data && log.data.total > 0 && (
        <>
          <div className="table-wrap">
            <table className="table audit-table">
              <caption className="visually-hidden">Audit log, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">About</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((entry) => (
                  <tr key={entry.id}>
                    <td>
                      <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                    </td>
                    <td>{entry.actor}</td>
                    <td>{entry.summary}</td>
                    <td className="audit-subject">{entry.subject ?? '—'}</td>
                    <td className="audit-details">
                      {entry.details.length === 0
                        ? '—'
                        : entry.details.map((line, i) => <div key={i}>{line}</div>)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            offset={offset}
            shown={log.data.items.length}
            total={log.data.total}
            pageSize={pageSize}
            noun={['entry', 'entries']}
            busy={log.isPlaceholderData}
            onOffset={setOffset}
          />
        </>
      )}
    </section>
  );
}

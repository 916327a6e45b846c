import type { Flow } from '../../../../core/contract/flows.ts';
import type { Run } from '../../../../core/contract/runs.ts';
import { FormField, SelectField } from '../../components/form-field.tsx';
import { FlowSelect } from './flow-select.tsx';
import { isDayText, startOfLocalDay } from '../../lib/words.ts';
import { statusLabels } from './labels.ts';

/** The filters as they sit in the URL: flow id, status, and dates as YYYY-MM-DD. */
export interface RunFilterValues {
  flow: string;
  status: string;
  from: string;
  to: string;
}

export function readFilters(params: URLSearchParams): RunFilterValues {
  const read = (key: keyof RunFilterValues) => params.get(key) ?? '';
  return { flow: read('flow'), status: read('status'), from: read('from'), to: read('to') };
}

/**
 * The API's filter for the chosen days, in the user's time zone: from the start of
 * the first day to the start of the day after the last.
 */
export function toApiFilter(values: RunFilterValues) {
  const startOf = startOfLocalDay;
  const valid = isDayText;
  return {
    ...(values.flow ? { flowId: values.flow } : {}),
    ...(values.status in statusLabels ? { status: values.status as Run['status'] } : {}),
    ...(valid(values.from) ? { from: startOf(values.from) } : {}),
    ...(valid(values.to) ? { to: startOf(values.to, 1) } : {}),
  };
}

export function RunFilters(props: {
  values: RunFilterValues;
  flows: readonly Flow[];
  onChange: (key: keyof RunFilterValues, value: string) => void;
  onClear: () => void;
}) {
  const { values, onChange } = props;
  const filtered = Object.values(values).some(Boolean);
  return (
    <form className="run-filters" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
      <FlowSelect
        id="run-filter-flow"
        value={values.flow}
        flows={props.flows}
        onChange={(flowId) => onChange('flow', flowId)}
      />
      <SelectField
        id="run-filter-status"
        label="Result"
        value={values.status}
        options={[['', 'Any result'], ...Object.entries(statusLabels)]}
        onChange={(status) => onChange('status', status)}
      />
      <FormField id="run-filter-from" label="Started from">
        {(control) => (
          <input
            {...control}
            type="date"
            value={values.from}
            max={values.to || undefined}
            onChange={(e) => onChange('from', e.target.value)}
          />
        )}
      </FormField>
      <FormField id="run-filter-to" label="Until (inclusive)">
        {(control) => (
          <input
            {...control}
            type="date"
            value={values.to}
            min={values.from || undefined}
            onChange={(e) => onChange('to', e.target.value)}
          />
        )}
      </FormField>
      {filtered && (
        <button type="button" className="button" onClick={props.onClear}>
          Clear filters
        </button>
      )}
    </form>
  );
}

import type { Flow } from '../../../../core/contract/flows.ts';
import type { Run } from '../../../../core/contract/runs.ts';
import { DayRangeFields, FilterBar } from '../../components/filter-bar.tsx';
import { SelectField } from '../../components/form-field.tsx';
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
  return (
    <FilterBar label="Filter runs" filtered={Object.values(values).some(Boolean)} onClear={props.onClear}>
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
      <DayRangeFields
        idPrefix="run-filter"
        fromLabel="Started from"
        from={values.from}
        to={values.to}
        onChange={onChange}
      />
    </FilterBar>
  );
}

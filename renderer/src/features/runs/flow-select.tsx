import type { Flow } from '../../../../core/contract/flows.ts';
import { SelectField } from '../../components/form-field.tsx';

/** "Flow: All flows / each flow by name", for narrowing a list to one flow. */
export function FlowSelect(props: {
  id: string;
  value: string;
  flows: readonly Flow[];
  onChange: (flowId: string) => void;
}) {
  return (
    <SelectField
      id={props.id}
      label="Flow"
      value={props.value}
      options={[['', 'All flows'], ...props.flows.map((flow) => [flow.id, flow.name] as const)]}
      onChange={props.onChange}
    />
  );
}

import type { Flow } from '../../../../core/contract/flows.ts';

/** "Flow: All flows / each flow by name", for narrowing a list to one flow. */
export function FlowSelect(props: {
  id: string;
  value: string;
  flows: readonly Flow[];
  onChange: (flowId: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>Flow</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">All flows</option>
        {props.flows.map((flow) => (
          <option key={flow.id} value={flow.id}>
            {flow.name}
          </option>
        ))}
      </select>
    </div>
  );
}

import type { Failure } from '../../../../core/contract/flows.ts';

/** The flow's name as the core kept it: a deleted flow's failures stay, under the name it had. */
export function flowNameOf(failure: Pick<Failure, 'flowName' | 'flowDeleted'>): string {
  if (failure.flowName === null) return 'A deleted flow';
  return failure.flowDeleted ? `${failure.flowName} (deleted)` : failure.flowName;
}

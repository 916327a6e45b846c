import { expect, it } from 'vitest';
import { flowNameOf } from './flow-name.ts';

// Issue 14: a deleted flow's failures were headed "A deleted flow", its name lost.
it('heads a deleted flow’s failures with the name it had, marked deleted', () => {
  expect(flowNameOf({ flowName: 'Contacts to customers', flowDeleted: true })).toBe(
    'Contacts to customers (deleted)',
  );
  expect(flowNameOf({ flowName: 'Contacts to customers', flowDeleted: false })).toBe('Contacts to customers');
  // Deleted before Patchbay kept names (migration 0014): nothing else to say.
  expect(flowNameOf({ flowName: null, flowDeleted: true })).toBe('A deleted flow');
});

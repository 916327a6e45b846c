import { expect, it } from 'vitest';
import { formulaString, getPath, render, renderStrings, sheetName } from './template.ts';

// Issue 16: a `{{…}}` placeholder reads only fields an object has of its own; what
// every object inherits (`constructor`, `toString`) reads as nothing.

it('reads dotted paths through own fields, arrays included', () => {
  const body = { paging: { next: { after: '42' } }, results: [{ id: 'a' }] };
  expect(getPath(body, 'paging.next.after')).toBe('42');
  expect(getPath(body, 'results.0.id')).toBe('a');
  expect(getPath(body, 'results.length')).toBe(1);
  expect(getPath(body, '')).toBe(body);
});

it.each(['constructor', '__proto__', 'toString', 'paging.constructor.name', 'results.constructor'])(
  'reads nothing at %j',
  (path) => {
    expect(getPath({ paging: {}, results: [] }, path)).toBeUndefined();
  },
);

it('renders an inherited member as nothing, in a whole value, inside text and in a string map', () => {
  const context = { config: { region: 'eu' }, record: { email: 'a@b.co' } };
  expect(render('{{config.constructor}}', context)).toBeUndefined();
  expect(render('/v1/{{config.region}}/{{config.toString}}', context)).toBe('/v1/eu/');
  expect(renderStrings({ region: '{{config.region}}', who: '{{record.constructor.name}}' }, context)).toEqual(
    {
      region: 'eu',
    },
  );
});

it('keeps a "__proto__" key of a template body as a field, never as the prototype', () => {
  const template = JSON.parse('{"__proto__": {"admin": true}, "email": "{{record.email}}"}') as unknown;
  const out = render(template, { record: { email: 'a@b.co' } }) as Record<string, unknown>;
  expect(out.admin).toBeUndefined();
  expect(JSON.stringify(out)).toBe('{"__proto__":{"admin":true},"email":"a@b.co"}');
});

// Airtable's look-up puts the match key inside a formula string: `{Email}='…'`.
it('escapes a value for a quoted formula string, so a quote in it ends no string', () => {
  expect(formulaString("o'brien@example.com")).toBe("o\\'brien@example.com");
  expect(formulaString('say "hi"\\now')).toBe('say \\"hi\\"\\\\now');
  expect(formulaString('two\nlines\r')).toBe('two\\nlines\\r');
  const query = renderStrings(
    { filterByFormula: "{Email}='{{key|trim|formula}}'" },
    { key: " x'), TRUE(), ('@evil.com " },
  );
  expect(query.filterByFormula).toBe("{Email}='x\\'), TRUE(), (\\'@evil.com'");
});

it('refuses a function it does not know, naming it', () => {
  expect(() => render('{{key|nope}}', { key: 'a' })).toThrow('unknown function "nope"');
});

// Google Sheets' A1 notation: `'Price list'!A1`, a quote inside a title doubled.
it('quotes a sheet title for A1 notation', () => {
  expect(render('{{sheet|sheetname}}!A1', { sheet: "Bob's prices" })).toBe("'Bob''s prices'!A1");
  expect(sheetName('Sheet1')).toBe("'Sheet1'");
});

it('spreads an object where "..." stands, the keys after it winning', () => {
  const body = { '...': '{{record}}', Id: '{{targetId}}', SyncToken: '{{current.SyncToken}}', sparse: true };
  const record = { DisplayName: 'Amy', Id: 'from the mapping', Notes: 'x' };
  expect(render(body, { record, targetId: '7', current: { SyncToken: '3' } })).toEqual({
    DisplayName: 'Amy',
    Id: '7',
    Notes: 'x',
    SyncToken: '3',
    sparse: true,
  });
  // Nothing to spread: the other keys stay.
  expect(render({ '...': '{{missing}}', a: 1 }, {})).toEqual({ a: 1 });
});

it('escapes a value for a quoted string of a query language (escquote)', () => {
  expect(render("DisplayName = '{{key|escquote}}'", { key: "Amy's \\ Bird" })).toBe(
    "DisplayName = 'Amy\\'s \\\\ Bird'",
  );
});

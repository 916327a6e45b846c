import { startLocalApiServer, type LocalApiServer, type SeenRequest } from './local-api-server.ts';

// "Notebook": a small contacts API Patchbay has no preset for, to install as a custom
// connector in tests. Bearer auth; GET /v1/people?changed_since=&page= (page numbers,
// 50 a page, oldest change first); GET /v1/people/:id; GET /v1/people?email= (lookup);
// POST /v1/people; PATCH /v1/people/:id. A person without an @ in the email is refused
// with 422 and `{ "error": { "message": … } }`.

export interface NotebookPerson {
  id: string;
  email: string;
  name: string;
  changed_at: string;
}

export interface NotebookApi extends LocalApiServer {
  people: Map<string, NotebookPerson>;
  put(person: Omit<NotebookPerson, 'changed_at'>, changedAt?: Date): void;
}

export const notebookToken = 'notebook-token-for-tests';

/** The manifest a user would write from the API's documentation above. */
export function notebookManifest(version = '1.0.0') {
  return {
    id: 'notebook',
    name: 'Notebook',
    version,
    docs: ['https://notebook.example/docs/people'],
    baseUrl: 'https://api.notebook.example',
    auth: { type: 'bearer' },
    check: { path: '/v1/people', query: { page: '1' } },
    entities: {
      people: {
        label: 'People',
        fields: [{ name: 'email' }, { name: 'name' }],
        list: {
          path: '/v1/people',
          query: { changed_since: '{{cursor}}' },
          recordsPath: 'data',
          pageSize: { param: 'per_page', value: 50 },
          pagination: { type: 'page_number', param: 'page', startAt: 1 },
        },
        incremental: { cursorField: 'changed_at' },
        get: { path: '/v1/people/{{id}}', recordPath: 'data' },
        lookup: { path: '/v1/people', query: { email: '{{key}}' }, recordsPath: 'data' },
        write: {
          create: { method: 'POST', path: '/v1/people', body: '{{record}}', idPath: 'data.id' },
          update: { method: 'PATCH', path: '/v1/people/{{targetId}}', body: '{{record}}', idPath: 'data.id' },
        },
      },
    },
  };
}

export async function startNotebookApi(): Promise<NotebookApi> {
  const people = new Map<string, NotebookPerson>();
  let nextId = 1;
  let clock = Date.parse('2026-11-01T00:00:00Z');
  const tick = () => new Date((clock += 1000)).toISOString();
  const put = (person: Omit<NotebookPerson, 'changed_at'>, changedAt?: Date) =>
    void people.set(person.id, { ...person, changed_at: changedAt?.toISOString() ?? tick() });

  const handle = (request: SeenRequest) => {
    if (request.headers.authorization !== `Bearer ${notebookToken}`)
      return { status: 401, body: { error: { message: 'The token is not valid.' } } };
    const one = /^\/v1\/people\/([^/]+)$/.exec(request.path);
    if (request.method === 'GET' && one) {
      const person = people.get(decodeURIComponent(one[1]!));
      return person
        ? { body: { data: person } }
        : { status: 404, body: { error: { message: 'No such person.' } } };
    }
    if (request.method === 'GET' && request.path === '/v1/people') {
      const email = request.query.get('email');
      if (email !== null)
        return { body: { data: [...people.values()].filter((p) => p.email === email.toLowerCase()) } };
      const since = request.query.get('changed_since') ?? '';
      const page = Number(request.query.get('page') ?? 1);
      const size = Number(request.query.get('per_page') ?? 50);
      const changed = [...people.values()]
        .filter((p) => p.changed_at >= since)
        .sort((a, b) => a.changed_at.localeCompare(b.changed_at) || a.id.localeCompare(b.id));
      return { body: { data: changed.slice((page - 1) * size, page * size) } };
    }
    const body = request.body ? (JSON.parse(request.body) as Partial<NotebookPerson>) : {};
    if (!String(body.email ?? '').includes('@'))
      return {
        status: 422,
        body: { error: { message: `"${String(body.email)}" is not an email address.` } },
      };
    if (request.method === 'POST' && request.path === '/v1/people') {
      const id = `nb-${nextId++}`;
      put({ id, email: String(body.email).toLowerCase(), name: String(body.name ?? '') });
      return { status: 201, body: { data: people.get(id) } };
    }
    if (request.method === 'PATCH' && one) {
      const current = people.get(decodeURIComponent(one[1]!));
      if (!current) return { status: 404, body: { error: { message: 'No such person.' } } };
      put({ ...current, ...body, id: current.id });
      return { body: { data: people.get(current.id) } };
    }
    return { status: 404, body: { error: { message: 'Not found.' } } };
  };
  const server = await startLocalApiServer(handle);
  return Object.assign(server, { people, put });
}

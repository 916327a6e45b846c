import { askEarly } from './api/bridge.ts';
import { firstNeeds, homePath } from './first-requests.ts';

// Opened without a view (`/`), the window shows the home view: say so in the address
// now, so the router starts on it and its loader takes the answers asked for below.
if (['', '#', '#/'].includes(window.location.hash)) window.history.replaceState(null, '', `#${homePath}`);
// The window's entry is this small file. It asks for the first view's data, then the
// app's code (React, the router, the contract) and the view's, all at once, rather than
// each after the other: the data first, as the browser sends only six requests at a time.
const first = firstNeeds(window.location.hash);
askEarly(first.calls);
void import('./app.tsx');
first.loadCode();
// The page's first use of Intl loads the locale's data: 17–35 ms in Chromium, each time a
// page opens, and every view's first render shows counts ("100,000 open failures"). Paid
// in the next task, while the answers and the code asked for above are on their way,
// rather than in the first render (issue 17). An idle callback came too late: before its
// first frame the page is seldom idle, and traced warm openings rendered first.
setTimeout(() => (0).toLocaleString(), 0);

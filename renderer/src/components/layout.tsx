import { NavLink, Outlet } from 'react-router';
import { views } from '../views.ts';

/** The window: a skip link, the navigation, and the current view. */
export function Layout() {
  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={focusMain}>
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Patchbay
        </div>
        <ul>
          {views
            .filter((view) => view.inNav)
            .map((view) => (
              <li key={view.path}>
                <NavLink
                  to={view.path}
                  className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}
                >
                  {view.label}
                </NavLink>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

// Hash routing owns the URL fragment, so the skip link moves focus itself.
function focusMain(event: React.MouseEvent) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

import { Link } from 'react-router';

/** A new workspace: the three steps to a first sync, the ones already done ticked off. */
export function GetStarted({ appCount }: { appCount: number }) {
  const steps = [
    {
      done: appCount > 0,
      title: 'Add the apps your office uses',
      text: 'Your CRM, billing, accounting, shop: list them in the inventory.',
      link: { to: '/apps', label: appCount > 0 ? 'See your apps' : 'Add apps' },
    },
    {
      done: false,
      title: 'Connect them',
      text: 'Open each app and paste its key or sign in, so Patchbay can read and write its records.',
      link: { to: '/apps', label: 'Open your apps' },
    },
    {
      done: false,
      title: 'Create a flow',
      text: 'Choose where records come from, where they go, and how often. Patchbay then keeps them in step.',
      link: { to: '/flows', label: 'Create a flow' },
    },
  ];
  return (
    <section className="empty-state get-started" aria-labelledby="get-started-title">
      <h2 id="get-started-title" className="empty-title">
        Nothing is syncing yet
      </h2>
      <p>Three steps to your first sync. This page then shows whether everything keeps syncing.</p>
      <ol className="steps">
        {steps.map((step, index) => (
          <li key={step.title} className={step.done ? 'step done' : 'step'}>
            <span className="step-number" aria-hidden="true">
              {step.done ? '✓' : index + 1}
            </span>
            <div>
              <p className="step-title">
                {step.title}
                {step.done && <span className="visually-hidden"> (done)</span>}
              </p>
              <p className="muted">{step.text}</p>
              <Link to={step.link.to}>{step.link.label}</Link>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

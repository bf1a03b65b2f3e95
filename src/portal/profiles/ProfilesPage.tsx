/**
 * Profiles: "Manage accounts" (the account's users, remove a secondary user), its "New
 * account" tab, and "Edit self-profile" (name, password, e-mail, and the "Newsletter"
 * section). Each has its own URL under /profiles. A secondary user may edit the own name,
 * password and e-mail; the rest says it is the owner's.
 */
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { isOwner, useUser } from '../api/session';
import { Notice, Page } from '../shell/Page';
import { ManageAccounts } from './ManageAccounts';
import { NewAccount } from './NewAccount';
import { SelfProfile } from './SelfProfile';

const tabs = [
  { path: '/accounts', label: 'Manage accounts' },
  { path: '/new', label: 'New account' },
  { path: '/self', label: 'Edit self-profile' },
] as const;

export function ProfilesPage() {
  const user = useUser();
  const [location] = useLocation();
  return (
    <Page title="Profiles">
      <nav aria-label="Profiles" className="tabs subnav">
        {tabs.map((t) => (
          <Link key={t.path} href={t.path} aria-current={location === t.path ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      <Switch>
        <Route path="/">
          <Redirect to={isOwner(user) ? '/accounts' : '/self'} replace />
        </Route>
        <Route path="/accounts"><ManageAccounts /></Route>
        <Route path="/new"><NewAccount /></Route>
        <Route path="/self"><SelfProfile /></Route>
        <Route>
          <Notice>There is no such part of Profiles. Choose one above.</Notice>
        </Route>
      </Switch>
    </Page>
  );
}

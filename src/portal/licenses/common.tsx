/** Pieces the "My licenses" pages share: the license id of the URL, and a refused load in words. */
import { Link, useParams } from 'wouter';
import { errorText, PortalError } from '../api/portalClient';
import { Notice, Page } from '../shell/Page';

export function useIdParam(name: string): number {
  const params = useParams<Record<string, string>>();
  const raw = params[name] ?? '';
  return /^\d+$/.test(raw) ? Number(raw) : NaN;
}

/** What a page says when its license (or transfer) cannot be loaded: not found (another account's id too), or why. */
export function LoadProblem({ what, error }: { what: string; error: unknown }) {
  const notFound = !error || (error instanceof PortalError && (error.status === 404 || error.status === 400));
  return (
    <Page title={notFound ? `${what} not found` : 'My licenses'}>
      <Notice tone={notFound ? 'warning' : 'error'}>
        {notFound ? `The ${what.toLowerCase()} was not found in your account.` : errorText(error)}
      </Notice>
      <p>
        <Link href="~/licenses">Back to My licenses</Link>
      </p>
    </Page>
  );
}

export function Loading() {
  return <Notice>Loading…</Notice>;
}
